-- Parses a log timestamp without range checks: ISO 8601 that names its zone (Z or ±hh[:mm]), or
-- Unix seconds (a JSON number or a digit string, optionally with a fraction, kept to the
-- millisecond). NULL for anything else, including ISO without a zone (ambiguous).
CREATE OR REPLACE FUNCTION wacost_parse_ts_any AS (s) -> (
  if(match(ifNull(s, ''), '^[0-9]{1,11}(\\.[0-9]+)?$'),
     toDateTime64(toDecimal64OrNull(extract(ifNull(s, ''), '^[0-9]+(?:\\.[0-9]{1,3})?'), 3), 3, 'UTC'),
     if(match(ifNull(s, ''), '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'),
        parseDateTime64BestEffortOrNull(ifNull(s, ''), 3, 'UTC'),
        CAST(NULL AS Nullable(DateTime64(3, 'UTC')))))
)
