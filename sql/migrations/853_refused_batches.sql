-- derived data: unchanged (why a batch's input was refused whole, which nothing derived reads)
-- Batches whose input was refused whole by its first bytes (a UTF-16 or UTF-32 log, a tar
-- archive: core/refused-input.ts), with the sentence that said why (`refusal`: "it is a tar
-- archive, not a message log: …"). Such a batch stores no line and is marked interrupted by
-- recovery as before; `wacost batches`, `wacost rejected --batch N`, GET /api/batches and GET
-- /api/rejected?batch=N say the refusal from here (they could only guess it: its record was that
-- of a run that stopped before storing a line). Batches refused before this table have no row.
CREATE TABLE IF NOT EXISTS refused_batches (
  batch_id UInt64,
  refusal String,
  refused_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree ORDER BY batch_id
