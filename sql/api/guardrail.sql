-- Messages per local day and phone number with a given problem verdict: guardrail breaks
-- (OUTSIDE_SERVICE_WINDOW: a free-form send outside the customer service window) and
-- NOT_DELIVERED. label: the phone number's name or display number (phone_number_labels), else its id.
SELECT toDateTime64(local_date, 3, 'UTC') AS day, phone_number_id,
       any(if(p.label != '', p.label, phone_number_id)) AS label, verdict, wacost_total(sum(messages)) AS messages
FROM verdict_daily
LEFT JOIN phone_number_labels AS p USING (phone_number_id)
WHERE verdict IN ('OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED')
  AND wacost_in_filter({wabas:Array(String)}, waba_id)
  AND wacost_in_filter({phones:Array(String)}, phone_number_id)
  AND local_date BETWEEN {from:Date} AND {to:Date}
GROUP BY local_date, phone_number_id, verdict
HAVING messages != 0
ORDER BY day, phone_number_id, verdict
