-- Replaced by ingest_chunk_buffer (100).
DROP TABLE IF EXISTS ingest_chunks
