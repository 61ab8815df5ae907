-- Replaced by 430, which keeps only charges that take a free-tier rank, with their count.
DROP VIEW IF EXISTS mv_service_conversations
