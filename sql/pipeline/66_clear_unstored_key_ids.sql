-- Empties unstored_key_ids (pipeline/64_unstored_key_ids) before and after a recovery uses it.
TRUNCATE TABLE unstored_key_ids
