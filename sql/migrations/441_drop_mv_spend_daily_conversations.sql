-- Replaced by 442, which adds the unit.
DROP VIEW IF EXISTS mv_spend_daily_conversations
