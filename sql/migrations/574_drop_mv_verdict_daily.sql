-- Dropped so that verdicts can be created again with rows sorted by every column (577); created
-- again by 578.
DROP VIEW IF EXISTS mv_verdict_daily SYNC
