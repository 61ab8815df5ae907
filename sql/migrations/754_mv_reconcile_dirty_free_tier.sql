-- Marks the conversations a free-tier re-rank priced anew (rows written or cancelled in
-- free_tier) for the reconciliation kept (reconcile_dirty, 749): a re-rank moves the FREE_TIER
-- pricing of other customers' conversations than the batch's.
-- derived data: unchanged (marks for the reconciliation kept; nothing derived reads them)
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_reconcile_dirty_free_tier TO reconcile_dirty AS
SELECT DISTINCT '' AS phone_number_id, '' AS wa_id, '' AS message_id, conversation_id
FROM free_tier
