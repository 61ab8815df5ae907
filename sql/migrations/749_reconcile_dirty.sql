-- What changed since table discrepancies (747) was last brought up to date, written by
-- materialized views (750-754): a key (phone_number_id, wa_id) whose messages, verdicts or
-- conversations were written; a message whose status lines carry Meta's pricing or conversation
-- (message_id: its key is looked up when read, pricing often comes before its message); a derived
-- conversation whose free-tier pricing changed (conversation_id: a re-rank reaches other keys).
-- Kept until the keys are reconciled again, so a crash in between loses nothing.
-- derived data: unchanged (marks for the reconciliation kept; nothing derived reads them)
CREATE TABLE IF NOT EXISTS reconcile_dirty (
  phone_number_id String,
  wa_id String,
  message_id String,
  conversation_id String
) ENGINE = MergeTree ORDER BY tuple()
