-- The message ids whose keys a batch that stopped recorded in message_keys (pipeline/55) for
-- message lines it never stored (killed before or in pipeline/40_messages): found by
-- pipeline/64_unstored_key_ids on opening, then deleted from message_keys by
-- pipeline/65_forget_unstored_keys (one DELETE that found them itself never ended in the engine).
-- Memory: the recovery of one batch fills and empties it.
-- derived data: unchanged (a recovery's working table; nothing derived changes)
CREATE TABLE IF NOT EXISTS unstored_key_ids (message_id String) ENGINE = Memory
