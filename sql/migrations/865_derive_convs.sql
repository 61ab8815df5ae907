-- The ledger rows of one derive slice's keys (view derive_new_conversations) as derive/19_new_conversations
-- made them once: derive/20_conversations* write them and derive/33_keep_tail_conversations caches
-- the kept tails' share of them. Each read of the view analysed and planned it anew (its price
-- joins, its windows' grouping): 33 paid that again for a few rows. A scratch table of the slice
-- (Memory, emptied before and after each, core/derive.ts), with the view's columns: a migration
-- that changes the view's columns recreates this table too.
-- derived data: unchanged (a slice's scratch table; nothing derived changes)
CREATE TABLE IF NOT EXISTS derive_convs ENGINE = Memory
AS SELECT * FROM derive_new_conversations LIMIT 0
