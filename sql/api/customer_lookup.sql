-- Customers matching a support search: a number (wa_id among the spellings the API derived from
-- the input, {customers}, taken in canonical form, migration 160: the data holds no other) or a
-- message id ({message}). One row per WABA, phone number and customer, with the customer's
-- country, message count and first and last activity.
WITH arrayMap(c -> wacost_canonical_wa_id(c), {customers:Array(String)}) AS customers,
keys AS (
  -- by number, and by message id apart: `message_id = …` alone can use the bloom filter of
  -- verdicts.message_id (migration 492); inside an OR it cannot, and the look-up read the column.
  -- By number through customer_keys (every phone number crossed with the candidates, as
  -- customer_known): primary-key ranges; `has(customers, wa_id)` alone read the whole column
  SELECT DISTINCT phone_number_id, wa_id, if(has(customers, wa_id), 'number', 'message') AS matched_by
  FROM (
    SELECT phone_number_id, wa_id, waba_id FROM verdicts
    WHERE (bucket, phone_number_id, wa_id) IN (
      SELECT bucket, phone_number_id, wa_id
      FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)}))
    UNION ALL
    SELECT phone_number_id, wa_id, waba_id FROM verdicts WHERE message_id = {message:String}
  )
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND wacost_in_filter({phones:Array(String)}, phone_number_id)
)
SELECT v.waba_id AS waba_id, any(w.name) AS waba_name, if(any(w.timezone) = '', 'UTC', any(w.timezone)) AS timezone,
       v.phone_number_id AS phone_number_id, any(if(p.label != '', p.label, v.phone_number_id)) AS phone_label,
       v.wa_id AS wa_id, any(k.matched_by) AS matched_by,
       any(ifNull(wc.country, '')) AS country,
       wacost_total(count()) AS messages, min(v.event_at) AS first_at, max(v.event_at) AS last_at
FROM (
  SELECT * FROM live_verdicts
  WHERE (bucket, phone_number_id, wa_id) IN (SELECT wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id FROM keys)
    AND wacost_in_filter({wabas:Array(String)}, waba_id)
) AS v
INNER JOIN keys AS k ON k.phone_number_id = v.phone_number_id AND k.wa_id = v.wa_id
LEFT JOIN wabas AS w ON w.waba_id = v.waba_id
LEFT JOIN wa_countries AS wc ON wc.wa_id = v.wa_id
LEFT JOIN phone_number_labels AS p ON p.phone_number_id = v.phone_number_id
GROUP BY v.waba_id, v.phone_number_id, v.wa_id
ORDER BY matched_by DESC, last_at DESC, phone_number_id, wa_id
LIMIT 50
