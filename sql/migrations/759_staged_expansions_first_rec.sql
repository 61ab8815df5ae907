-- staged_expansions keys an expanded line by its line number and first_rec (as
-- ingest_chunk_buffer.first_rec, migration 758, for a run's first line; 0 for the others): a
-- line of JSON documents carried by two runs of one group is expanded once per run, and
-- pipeline/10_parse joined each part with every part by line number alone (a one-line array of
-- 60,000 documents over 2 runs read as 4 lines and 120,000 records).
-- derived data: unchanged (a working table of the parse)
ALTER TABLE staged_expansions ADD COLUMN IF NOT EXISTS first_rec UInt64
