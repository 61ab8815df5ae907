-- Each run in ingest_chunk_buffer carries first_rec: the place in its line of its first line's
-- first record, 0 but for a run that carries on a line of JSON documents begun in an earlier run
-- (ingest/documents.ts reads a line of many documents, a one-line array of 200 MB, document by
-- document and sends it over several runs, so memory stays bounded). pipeline/10_parse numbers
-- that line's records from it (staged_records.rec_no): each run claimed the line as its own, so
-- the line was counted once per run and its records' numbers started again at 0 in each.
-- derived data: unchanged (a working table of the parse)
ALTER TABLE ingest_chunk_buffer ADD COLUMN IF NOT EXISTS first_rec UInt64
