-- A count as the explanations write it, with thousands separators: 1000 → '1,000'.
CREATE OR REPLACE FUNCTION wacost_count AS (n) ->
  reverse(arrayStringConcat(arrayMap(i -> substring(reverse(toString(n)), i, 3), range(1, length(toString(n)) + 1, 3)), ','))
