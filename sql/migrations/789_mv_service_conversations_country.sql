-- mv_service_conversations (430) with the charge's country (787), the ledger row's own. Its query
-- modified in place, as 767 did: the view writes to service_conversations throughout, and a
-- rebuild refills it.
ALTER TABLE mv_service_conversations MODIFY QUERY
SELECT waba_id, toStartOfMonth(local_date) AS month, opened_at, opening_message_id, conversation_id,
       phone_number_id, market, price, currency, local_date,
       if(close_reason = '', concat('phone:', phone_number_id), concat('waba:', waba_id)) AS counter, country, sign
FROM conversation_changes WHERE category = 'SERVICE' AND base_pricing = 'REGULAR'
