-- Entry point of every log byte: TypeScript appends each ~4 MB run of whole lines as one row
-- (TabSeparated, so the text needs no JSON escaping), and pipeline/10_parse splits, numbers and
-- parses a group of runs in one statement. Memory: it only ever holds the group at hand.
CREATE TABLE IF NOT EXISTS ingest_chunk_buffer (
  first_line UInt64,
  text String
) ENGINE = Memory
