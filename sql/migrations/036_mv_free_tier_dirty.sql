-- Records which WABA-months a derive run touched (both retracted and new service rows).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_free_tier_dirty TO free_tier_dirty AS
SELECT run_id, waba_id, toStartOfMonth(local_date) AS month, opened_at, conversation_id
FROM conversation_changes WHERE category = 'SERVICE'
