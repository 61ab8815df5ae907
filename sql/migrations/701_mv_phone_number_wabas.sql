-- Feeds phone_number_wabas (700) from every message line stored (tombstones, deleted = 1, name
-- the pair of a line stored before and add nothing), summed per inserted block.
-- derived data: unchanged (a rollup of stored lines; nothing derived reads it)
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_phone_number_wabas TO phone_number_wabas AS
SELECT phone_number_id, waba_id, min(version) AS first_version
FROM messages
WHERE deleted = 0
GROUP BY phone_number_id, waba_id
