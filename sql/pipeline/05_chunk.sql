-- One run of the input's lines (ingest/chunks.ts) into ingest_chunk_buffer, its bytes as they
-- are: RawBLOB takes the whole body as the one `text` value, so nothing is escaped on the way
-- (TabSeparated escaping cost the process ~1.5 s of CPU per million lines, as much as the
-- engine's own parse of the log) and bytes that are not UTF-8 arrive unchanged, for
-- pipeline/10_parse to refuse their lines. first_line: the run's first line number; first_byte:
-- its first byte's position in the batch (1-based); first_rec: the place in its line of the first
-- line's first record (0 but for a run that carries on a line of JSON documents, migration 758).
INSERT INTO ingest_chunk_buffer (first_line, first_byte, first_rec, text)
SELECT {first_line:UInt64}, {first_byte:UInt64}, {first_rec:UInt64}, text FROM input('text String')
FORMAT RawBLOB
