-- Rebuild: nothing is live after the derived tables were emptied, so the conversations of the
-- slice are written as they are, without comparing.
INSERT INTO conversation_changes
SELECT {run:UInt64}, *, toInt8(1) FROM derive_new_conversations
-- (optimize_and_compare_chain off: its search through the inlined view cost planning, no read narrowed)
SETTINGS optimize_and_compare_chain = 0
