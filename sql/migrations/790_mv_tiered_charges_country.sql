-- mv_tiered_charges (436) with the charge's country (788), the ledger row's own. Modified in
-- place, as 789 does.
ALTER TABLE mv_tiered_charges MODIFY QUERY
SELECT waba_id, market, category, toStartOfMonth(local_date) AS month, opened_at, opening_message_id, conversation_id,
       phone_number_id, price, currency, local_date, country, sign
FROM conversation_changes
WHERE close_reason = '' AND base_pricing = 'REGULAR' AND category IN ('UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL')
