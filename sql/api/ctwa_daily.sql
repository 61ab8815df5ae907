-- Click-to-WhatsApp volume per local day and ad: free entry point conversations (fep_daily,
-- dated by the conversation's start) and entry messages by outcome (entry_daily: FEP_STARTED,
-- INSIDE_FEP, NO_FEP, NOT_DELIVERED).
SELECT toDateTime64(day, 3, 'UTC') AS day, ad_id, series, toInt32(sum(n)) AS count
FROM (
  SELECT local_date AS day, ad_id, 'FEP_CONVERSATIONS' AS series, conversations AS n
  FROM fep_daily
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  UNION ALL
  SELECT local_date AS day, ad_id, outcome AS series, messages AS n
  FROM entry_daily
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
)
GROUP BY day, ad_id, series
HAVING count != 0
ORDER BY day, ad_id, series
