-- Marks the keys of every messages row written (live or cancelled) for the reconciliation kept
-- (reconcile_dirty, 749): their discrepancies are computed again before the next read.
-- derived data: unchanged (marks for the reconciliation kept; nothing derived reads them)
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_reconcile_dirty_messages TO reconcile_dirty AS
SELECT DISTINCT phone_number_id, wa_id, '' AS message_id, '' AS conversation_id
FROM messages
