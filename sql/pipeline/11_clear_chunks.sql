-- Empties the run buffer once its group is parsed.
TRUNCATE TABLE ingest_chunk_buffer
