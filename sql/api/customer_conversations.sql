-- The customer's conversations for the investigation page and its CSV: cost and the reason in
-- words (view customer_conversations), in the order they opened. A charge with no rate-card price
-- (unpriced 1: charged, price unknown) has cost and currency null, as the ledger prints them.
SELECT conversation_id, waba_id, phone_number_id, wa_id, country, market, category, opened_at, closed_at,
       close_reason, opening_message_id, template_name, pricing_type, cost, if(unpriced = 1, NULL, currency) AS currency,
       charged, unpriced, suppressed,
       in_period, reason, explanation, entry_point, ad_id, reply_at, timezone
FROM customer_conversations(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)},
                            wabas = {wabas:Array(String)}, from = {from:Date}, to = {to:Date})
ORDER BY phone_number_id, wa_id, opened_at, category
