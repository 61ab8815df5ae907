-- The slice's ledger rows (view derive_new_conversations) made once into derive_convs, which
-- derive/20_conversations* and 33_keep_tail_conversations read: the view is analysed and planned
-- here alone (a second read of it cost 33 most of its time).
INSERT INTO derive_convs
SELECT * FROM derive_new_conversations
-- (optimize_and_compare_chain off: its search through the inlined view cost planning, no read narrowed)
SETTINGS optimize_and_compare_chain = 0
