-- The conversation ledger sorted only by part of its columns: CollapsingMergeTree cancels a -1
-- row against a +1 row with the same sort key, so a changed row that kept its key (a per-message
-- charge whose pricing type became FREE_ENTRY_POINT when its free entry point came in a later
-- batch: the old REGULAR row's -1 and the new row's +1, written in one insert) cancelled
-- *itself*, at insert (optimize_on_insert) or at a merge, and left the old row live. Dropped and
-- created again by 572; what it held is derived again by the rebuild this migration calls for.
DROP TABLE IF EXISTS conversations SYNC
