-- Is the free entry point window of fold state s (layout in 028_fn_fold_step.sql) open at
-- instant t (ms)?
CREATE OR REPLACE FUNCTION wacost_fep_open AS (s, t) -> (s.10 > 0 AND s.11 > t)
