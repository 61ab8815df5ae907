-- Replaced by 206, which also carries opening_message_id.
DROP VIEW IF EXISTS mv_free_tier_dirty
