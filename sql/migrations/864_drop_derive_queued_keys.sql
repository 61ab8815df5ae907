-- Drops the parameterized view derive_queued_keys (677): derive/05_keys, its only reader, reads
-- derive_queue itself since planning the view twice cost ~25 ms a batch.
-- derived data: unchanged
DROP VIEW IF EXISTS derive_queued_keys
