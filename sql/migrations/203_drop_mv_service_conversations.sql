-- Replaced by 204, which also carries opening_message_id.
DROP VIEW IF EXISTS mv_service_conversations
