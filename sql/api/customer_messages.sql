-- The customer's messages of the period (or the one message {message}), with the verdict in
-- words (view customer_messages), in the order the rules take them, and for a failed send the
-- failure Meta reported on its status ("131047: Re-engagement message"; '' when none came).
SELECT m.message_id AS message_id, waba_id, phone_number_id, wa_id, sent_at, event_at, direction, template_category,
       template_name, msg_type, entry_point, ad_id, verdict, conversation_id, conversation_category, lane,
       explanation, timezone, ifNull(f.failure, '') AS failure
FROM customer_messages(customers = {customers:Array(String)}, phones = {phones:Array(String)},
                       wabas = {wabas:Array(String)}, from = {from:Date}, to = {to:Date}, message = {message:String}) AS m
LEFT JOIN (
  -- failed statuses that carry Meta's error; the earliest one per message
  SELECT message_id, toNullable(argMin(concat(error_code, ': ', error_title), ts)) AS failure
  FROM statuses
  WHERE status = 'failed' AND error_code != ''
  GROUP BY message_id
) AS f ON f.message_id = m.message_id
ORDER BY phone_number_id, wa_id, event_at, direction = 'outbound', message_id
