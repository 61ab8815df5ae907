-- An ordinal as the explanations write it (pricing-models.md: "the 3rd of 1,000 free service
-- messages"): 1 → '1st', 2 → '2nd', 11 → '11th', 1003 → '1,003rd'.
CREATE OR REPLACE FUNCTION wacost_ordinal AS (n) ->
  concat(wacost_count(n), multiIf(n % 100 IN (11, 12, 13), 'th', n % 10 = 1, 'st', n % 10 = 2, 'nd', n % 10 = 3, 'rd', 'th'))
