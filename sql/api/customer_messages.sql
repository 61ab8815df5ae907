-- The customer's messages of the period (or the one message {message}), with the verdict in
-- words (view customer_messages), in the order the rules take them, and for a failed send the
-- failure Meta reported on its status ("131047: Re-engagement message"; '' when none came), and
-- Meta's pricing decision for it (billable, pricing model, category, type, conversation id).
WITH
  -- the ids of every stored message of the customers' keys (a superset of the rows below: deleted
  -- ones too), to read statuses by message id instead of the whole table
  keyed AS (
    SELECT message_id FROM messages
    WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
  )
SELECT m.message_id AS message_id, waba_id, phone_number_id, wa_id, sent_at, event_at, direction, template_category,
       template_name, msg_type, entry_point, ad_id, verdict, conversation_id, conversation_category, lane,
       explanation, timezone, ifNull(f.failure, '') AS failure,
       -- what Meta decided (view meta_pricing, from the message's status lines), beside the rules' verdict:
       -- meta_billable null when Meta said nothing
       mp.meta_billable AS meta_billable, mp.meta_pricing_model AS meta_pricing_model, mp.meta_category AS meta_category,
       mp.meta_type AS meta_type, mp.meta_conversation_id AS meta_conversation_id, mp.meta_origin_type AS meta_origin_type
FROM customer_messages(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)},
                       wabas = {wabas:Array(String)}, from = {from:Date}, to = {to:Date}, message = {message:String}) AS m
LEFT JOIN (
  -- failed statuses that carry Meta's error; the earliest one per message (read by message id)
  SELECT message_id, toNullable(argMin(concat(error_code, ': ', error_title), ts)) AS failure
  FROM statuses
  WHERE status = 'failed' AND error_code != '' AND message_id IN (SELECT message_id FROM keyed)
  GROUP BY message_id
) AS f ON f.message_id = m.message_id
LEFT JOIN (
  -- read by message id (statuses are sorted by message_id), not the whole table
  SELECT * FROM meta_pricing
  WHERE message_id IN (SELECT message_id FROM keyed)
) AS mp ON mp.message_id = m.message_id
ORDER BY phone_number_id, wa_id, event_at, direction = 'outbound', message_id
