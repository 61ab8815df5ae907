-- Replaces 716 with the same rows: the entries of the last 24 h moved from NO_FEP to
-- AWAITING_REPLY are those whose outcome is NO_FEP by wacost_entry_outcome (722), the function
-- entry_daily's rollup names outcomes by (723), instead of a second writing-out of 684's mapping.
-- Otherwise as 716 (its description still holds).
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
  -- entry_daily's NO_FEP of the last 24 h, from the verdicts it sums (by the same
  -- wacost_entry_outcome as its rollup, mv_entry_daily: migration 723)
  SELECT local_date, ad_id, entry_point, toInt64(sum(sign)) AS waiting
  FROM verdicts
  WHERE (SELECT count() FROM entry_daily WHERE outcome = 'NO_FEP' AND local_date >= today() - 2) > 0
    AND direction = 'inbound' AND entry_point != '' AND wacost_entry_outcome(fep_entry, verdict) = 'NO_FEP'
    AND event_at > now64(3, 'UTC') - INTERVAL 24 HOUR
    AND wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY local_date, ad_id, entry_point
  HAVING waiting != 0
)
ARRAY JOIN [('AWAITING_REPLY', waiting), ('NO_FEP', -waiting)] AS o
