-- Benchmark baseline: ClickHouse's own JSONEachRow parse of the log file into bench_raw.
INSERT INTO bench_raw SELECT * FROM file({path:String}, 'JSONEachRow',
  'message_id String, timestamp String, waba_id String, phone_number_id String, wa_id String, direction String, template_category Nullable(String), template_name Nullable(String), type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), status Nullable(String)')
