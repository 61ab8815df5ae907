-- Entry point of every log byte: TypeScript sends each ~4 MB run of whole lines as one row, and
-- mv_parse_chunks splits, numbers and parses it inside the engine. Null: nothing is stored here.
CREATE TABLE IF NOT EXISTS ingest_chunks (
  batch_id UInt64,
  source String,
  first_line UInt64,
  text String
) ENGINE = Null
