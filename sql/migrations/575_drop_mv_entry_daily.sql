-- Dropped so that verdicts can be created again with rows sorted by every column (577); created
-- again by 579.
DROP VIEW IF EXISTS mv_entry_daily SYNC
