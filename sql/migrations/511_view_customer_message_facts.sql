-- Replaces 062 with the same rows and columns (names, order, types), for planning time: the keys
-- come as the parameters {key_phones} and {key_wa_ids} (view customer_key_set, 510), resolved once
-- per request from the customers asked (customer_keys, in api/customer_known.sql), instead of
-- customer_keys(customers, phones, wabas) planned again in each of the three reads below. With no
-- key the view is empty. 062's description, which still holds:
--   Support investigation, step 1 (parameterized view): every live message of the customers asked
--   ({customers} = wa_ids; {phones} and {wabas} narrow it, empty = all), read by key through
--   customer_keys, with its live verdict and whether it failed. The customer_conversations and
--   customer_messages views build their explanations from these facts, so every page, route and
--   export says the same thing.
CREATE OR REPLACE VIEW customer_message_facts AS
SELECT v.waba_id AS waba_id, m.phone_number_id AS phone_number_id, m.wa_id AS wa_id, m.message_id AS message_id,
       m.ts AS sent_at, v.event_at AS event_at, m.direction AS direction, m.template_category AS template_category,
       m.template_name AS template_name, m.msg_type AS msg_type, m.entry_point AS entry_point, m.ad_id AS ad_id,
       toUInt8(m.status = 'failed' OR ifNull(f.st_failed, 0) = 1) AS failed,
       v.verdict AS verdict, v.conversation_id AS conversation_id, v.local_date AS local_date, v.fep_entry AS fep_entry
FROM (
  SELECT * FROM messages FINAL
  WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
    AND deleted = 0
) AS m
INNER JOIN (
  SELECT * EXCEPT sign FROM verdicts
  WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
    AND wacost_in_filter({wabas:Array(String)}, waba_id)
  GROUP BY ALL HAVING sum(sign) > 0
) AS v ON v.phone_number_id = m.phone_number_id AND v.wa_id = m.wa_id AND v.message_id = m.message_id
LEFT JOIN (
  SELECT phone_number_id, wa_id, message_id, st_failed FROM status_facts FINAL
  WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
) AS f ON f.phone_number_id = m.phone_number_id AND f.wa_id = m.wa_id AND f.message_id = m.message_id
