-- Replaced by 432, which records the free-tier count of each change.
DROP VIEW IF EXISTS mv_free_tier_dirty
