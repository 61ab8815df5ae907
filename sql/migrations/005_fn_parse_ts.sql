-- Parses a log timestamp (wacost_parse_ts_any) and keeps only instants in 1970–2100: anything
-- else is almost always milliseconds sent as seconds, and is rejected rather than misdated.
CREATE OR REPLACE FUNCTION wacost_parse_ts AS (s) -> (
  if(wacost_parse_ts_any(s) >= toDateTime64('1970-01-01 00:00:00', 3, 'UTC')
       AND wacost_parse_ts_any(s) < toDateTime64('2100-01-01 00:00:00', 3, 'UTC'),
     wacost_parse_ts_any(s),
     CAST(NULL AS Nullable(DateTime64(3, 'UTC'))))
)
