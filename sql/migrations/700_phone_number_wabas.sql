-- Rollup: which WABA(s) each business phone number's stored message lines name, with the first
-- stored line's version (batch, place) per pair: the spec's "A WABA owns phone numbers", so a
-- phone number given under a second WABA is pointed out at ingest (pipeline/71_phone_wabas)
-- without scanning messages. One row per (phone number, WABA) once merged.
-- derived data: unchanged (a new table of what ingest stored; nothing derived reads it)
CREATE TABLE IF NOT EXISTS phone_number_wabas (
  phone_number_id String,
  waba_id String,
  first_version SimpleAggregateFunction(min, UInt64)
) ENGINE = AggregatingMergeTree ORDER BY (phone_number_id, waba_id)
