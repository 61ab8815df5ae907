-- Records which WABA-months a derive run touched (both retracted and new service rows), with
-- each row's place in the free tier's order (opened_at, opening_message_id).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_free_tier_dirty TO free_tier_dirty AS
SELECT run_id, waba_id, toStartOfMonth(local_date) AS month, opened_at, opening_message_id, conversation_id
FROM conversation_changes WHERE category = 'SERVICE'
