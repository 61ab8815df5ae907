-- Applies conversation changes to the ledger table (032, again over the table of 572).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_conversations TO conversations AS
SELECT * EXCEPT run_id FROM conversation_changes
