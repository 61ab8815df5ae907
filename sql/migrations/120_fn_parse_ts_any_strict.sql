-- Replaces 004: an ISO time whose clock or zone is out of range (`2024-08-01T25:61:00Z`) was
-- rolled over into the next day by parseDateTime64BestEffort while an impossible date
-- (`2024-02-30`) was refused; now both are refused (NULL), never rewritten. Hours 00–23,
-- minutes and seconds 00–59 (no leap second), zone offsets up to ±23:59.
CREATE OR REPLACE FUNCTION wacost_parse_ts_any AS (s) -> (
  if(match(ifNull(s, ''), '^[0-9]{1,11}(\\.[0-9]+)?$'),
     toDateTime64(toDecimal64OrNull(extract(ifNull(s, ''), '^[0-9]+(?:\\.[0-9]{1,3})?'), 3), 3, 'UTC'),
     if(match(ifNull(s, ''), '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.,][0-9]+)?)?([Zz]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$'),
        parseDateTime64BestEffortOrNull(ifNull(s, ''), 3, 'UTC'),
        CAST(NULL AS Nullable(DateTime64(3, 'UTC')))))
)
