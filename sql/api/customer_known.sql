-- Whether any of the customer's candidate wa_ids has a message on a phone number of the asked
-- WABAs and phone numbers (primary-key lookups through customer_keys): an unknown customer is a
-- 404, not "no charges".
SELECT count() AS found
FROM (
  SELECT 1 FROM messages
  WHERE (bucket, phone_number_id, wa_id) IN (
          SELECT bucket, phone_number_id, wa_id
          FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)}))
    AND deleted = 0
  LIMIT 1
)
