-- Is the service conversation of fold state s open at instant t (ms)? (rule 2: open when
-- opened_at <= t < closed_at).
CREATE OR REPLACE FUNCTION wacost_svc_open AS (s, t) -> (s.2 > 0 AND s.3 > t)
