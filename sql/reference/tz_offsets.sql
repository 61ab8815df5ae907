-- Adds the UTC offset transitions of time zone {tz} (quarter-hour resolution, 1970-2100), read
-- from the engine's own tz database; {tz} is bound, hence constant as ClickHouse requires.
-- {table}: tz_offsets_next, which then replaces tz_offsets in one step (core/reference/load.ts).
INSERT INTO {table:Identifier}
SELECT {tz:String}, from_utc, offset_s
FROM (
  SELECT toDateTime64(ts, 3, 'UTC') AS from_utc,
         timeZoneOffset(toDateTime(ts, {tz:String})) AS offset_s,
         lagInFrame(offset_s, 1, -1000000) OVER (ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS prev
  FROM (SELECT toDateTime('1970-01-01 00:00:00', 'UTC') + number * 900 AS ts FROM numbers(4559000))
)
WHERE offset_s != prev
