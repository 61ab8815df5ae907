-- Replaced by message_keys (104), which 105 filled from it.
DROP TABLE IF EXISTS message_index
