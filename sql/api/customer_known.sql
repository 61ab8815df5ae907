-- Whether any of the customer's candidate wa_ids has a message on a phone number of the asked
-- WABAs and phone numbers (primary-key lookups through customer_keys): an unknown customer is a
-- 404, not "no charges". With it, the keys themselves (every such phone number crossed with the
-- candidates, customer_keys' rows) as the parallel arrays key_phones and key_wa_ids, which the
-- investigation's queries take (view customer_key_set, migration 510) instead of planning
-- customer_keys again at every read.
WITH (SELECT (groupArray(phone_number_id), groupArray(wa_id))
      FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)})) AS keys
SELECT count() AS found, keys.1 AS key_phones, keys.2 AS key_wa_ids
FROM (
  SELECT 1 FROM messages
  WHERE (bucket, phone_number_id, wa_id) IN (
          SELECT bucket, phone_number_id, wa_id
          FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)}))
    AND deleted = 0
  LIMIT 1
)
