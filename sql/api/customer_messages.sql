-- The customer's messages of the period (or the one message {message}), with the verdict in
-- words (view customer_messages), in the order the rules take them.
SELECT message_id, waba_id, phone_number_id, wa_id, sent_at, event_at, direction, template_category,
       template_name, msg_type, entry_point, ad_id, verdict, conversation_id, conversation_category, lane,
       explanation, timezone
FROM customer_messages(customers = {customers:Array(String)}, phones = {phones:Array(String)},
                       wabas = {wabas:Array(String)}, from = {from:Date}, to = {to:Date}, message = {message:String})
ORDER BY phone_number_id, wa_id, event_at, direction = 'outbound', message_id
