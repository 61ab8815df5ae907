-- Applies conversation changes to the ledger table.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_conversations TO conversations AS
SELECT * EXCEPT run_id FROM conversation_changes
