-- Fills phone_number_wabas (700) with the pairs of the message lines stored before it existed.
-- Run again after a crash half-way, it adds the same pairs again: their minimum is unchanged.
-- derived data: unchanged (a rollup of stored lines; nothing derived reads it)
INSERT INTO phone_number_wabas (phone_number_id, waba_id, first_version)
SELECT phone_number_id, waba_id, min(version) FROM messages WHERE deleted = 0 GROUP BY phone_number_id, waba_id
