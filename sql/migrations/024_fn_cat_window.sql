-- The open/close slots of a business-initiated category in the fold state: event type 3 =
-- MARKETING (slots 4, 5), 4 = UTILITY (6, 7), 5 = AUTHENTICATION (8, 9). Returns (opener, close).
CREATE OR REPLACE FUNCTION wacost_cat_window AS (s, k) -> (multiIf(k = 3, (s.4, s.5), k = 4, (s.6, s.7), (s.8, s.9)))
