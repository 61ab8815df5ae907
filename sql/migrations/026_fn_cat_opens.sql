-- Does delivered template event e open a new conversation of category type k (3, 4, 5)? Only
-- when no free entry point window and no window of its own category is open (rules 2, 7).
CREATE OR REPLACE FUNCTION wacost_cat_opens AS (s, e, k) -> (
  e.4 = k AND NOT wacost_fep_open(s, e.1)
  AND NOT (wacost_cat_window(s, k).1 > 0 AND wacost_cat_window(s, k).2 > e.1)
)
