-- mv_spend_daily_volume_tiers (445) sums each inserted block by the rollup's key itself (as 678
-- does for mv_spend_daily_conversations: inserts are not merged as they are written).
-- derived data: unchanged (the rollups' sums stay as they are: no rebuild)
ALTER TABLE mv_spend_daily_volume_tiers MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier,
       sum(n) AS conversations, sum(c) AS cost
FROM (
  SELECT waba_id, local_date, phone_number_id, market, category, 'REGULAR' AS pricing_type, currency,
         'message' AS unit, t AS tier,
         if(t = '', -toInt64(sign), toInt64(sign)) AS n,
         if(t = '', -toDecimal128(sign, 0) * base_price, toDecimal128(sign, 0) * price) AS c
  FROM volume_tiers ARRAY JOIN ['', tier] AS t
)
GROUP BY waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier
HAVING conversations != 0 OR cost != 0
