-- An instant on a time zone's wall clock as support reads it ("2024-09-03 10:02"): how every
-- time in the investigation explanations is written. tz must be a constant (a literal, a bound
-- parameter or a scalar subquery), as ClickHouse requires for time zones.
CREATE OR REPLACE FUNCTION wacost_local_time AS (t, tz) -> (formatDateTime(t, '%Y-%m-%d %H:%i', tz))
