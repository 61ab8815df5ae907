-- Benchmark baseline only: a bare table with the log's fields, no validation, no derivation.
CREATE TABLE IF NOT EXISTS bench_raw (
  message_id String, timestamp String, waba_id String, phone_number_id String, wa_id String,
  direction String, template_category Nullable(String), template_name Nullable(String), type Nullable(String),
  entry_point Nullable(String), ad_id Nullable(String), status Nullable(String)
) ENGINE = MergeTree ORDER BY tuple()
