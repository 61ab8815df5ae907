-- The verdicts of one derive slice's messages (view derive_new_verdicts) as derive/19_new_verdicts
-- made them once: derive/30_verdicts* write them and derive/34_keep_tail_verdicts caches the kept
-- tails' share of them (each read of the view analysed and planned it anew). A scratch table of the
-- slice (Memory, emptied before and after each, core/derive.ts), with the view's columns: a
-- migration that changes the view's columns recreates this table too.
-- derived data: unchanged (a slice's scratch table; nothing derived changes)
CREATE TABLE IF NOT EXISTS derive_vds ENGINE = Memory
AS SELECT * FROM derive_new_verdicts LIMIT 0
