-- UTC itself, the zone of every WABA that is not configured.
INSERT INTO tz_offsets VALUES ('UTC', '1970-01-01 00:00:00.000', 0)
