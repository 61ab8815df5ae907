-- Click-to-WhatsApp volume (as 059) with the entry messages still awaiting a reply: an entry
-- message that started no free entry point is NO_FEP ("no reply within 24 h") only once 24 h have
-- passed since it (billing rules 5); until then it is AWAITING_REPLY, moved out of NO_FEP here (a
-- trial saw an entry counted "no reply within 24 h" 12 minutes after it came). The clock is the
-- server's: an answer cached by data version keeps its state until the next batch. verdicts is
-- read only when entry_daily holds a NO_FEP entry of the last two days (so never for old data).
CREATE OR REPLACE VIEW ctwa_volume AS
SELECT local_date, ad_id, '' AS entry_point, 'FEP_CONVERSATIONS' AS series, toInt64(conversations) AS n
FROM fep_daily
WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
  AND wacost_in_filter({phones:Array(String)}, phone_number_id)
  AND local_date BETWEEN {from:Date} AND {to:Date}
UNION ALL
SELECT local_date, ad_id, entry_point, outcome AS series, toInt64(messages) AS n
FROM entry_daily
WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
  AND wacost_in_filter({phones:Array(String)}, phone_number_id)
  AND local_date BETWEEN {from:Date} AND {to:Date}
UNION ALL
SELECT local_date, ad_id, entry_point, o.1 AS series, o.2 AS n
FROM (
  -- entry_daily's NO_FEP (migration 684) of the last 24 h, from the verdicts it sums
  SELECT local_date, ad_id, entry_point, toInt64(sum(sign)) AS waiting
  FROM verdicts
  WHERE (SELECT count() FROM entry_daily WHERE outcome = 'NO_FEP' AND local_date >= today() - 2) > 0
    AND direction = 'inbound' AND entry_point != '' AND fep_entry = 0 AND verdict NOT IN ('FREE_ENTRY', 'NOT_DELIVERED')
    AND event_at > now64(3, 'UTC') - INTERVAL 24 HOUR
    AND wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY local_date, ad_id, entry_point
  HAVING waiting != 0
)
ARRAY JOIN [('AWAITING_REPLY', waiting), ('NO_FEP', -waiting)] AS o
