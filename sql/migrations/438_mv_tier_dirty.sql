-- Marks the volume-tier counts of every changed tiered charge (retracted or new).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_tier_dirty TO tier_dirty AS
SELECT run_id, waba_id, market, category, toStartOfMonth(local_date) AS month, opened_at, opening_message_id
FROM conversation_changes
WHERE close_reason = '' AND base_pricing = 'REGULAR' AND category IN ('UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL')
