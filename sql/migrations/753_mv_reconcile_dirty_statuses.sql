-- Marks the messages of status lines that say something of Meta's pricing or conversation (the
-- lines view meta_pricing reads) for the reconciliation kept (reconcile_dirty, 749).
-- derived data: unchanged (marks for the reconciliation kept; nothing derived reads them)
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_reconcile_dirty_statuses TO reconcile_dirty AS
SELECT DISTINCT '' AS phone_number_id, '' AS wa_id, message_id, '' AS conversation_id
FROM statuses
WHERE pricing_billable != '' OR pricing_model != '' OR pricing_category != '' OR pricing_type != '' OR conversation_id != ''
