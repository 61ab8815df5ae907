-- Parsing moved to pipeline/10_parse (over ingest_chunk_buffer, a group at a time): the view
-- that parsed each chunk as it was inserted has no more input.
DROP VIEW IF EXISTS mv_parse_chunks
