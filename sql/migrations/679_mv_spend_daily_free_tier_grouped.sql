-- mv_spend_daily_free_tier (444) sums each inserted block by the rollup's key itself (as 678 does
-- for mv_spend_daily_conversations: inserts are not merged as they are written).
-- derived data: unchanged (the rollups' sums stay as they are: no rebuild)
ALTER TABLE mv_spend_daily_free_tier MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier,
       sum(n) AS conversations, sum(c) AS cost
FROM (
  SELECT waba_id, local_date, phone_number_id, market, 'SERVICE' AS category, pt AS pricing_type, currency,
         if(startsWith(counter, 'phone:'), 'message', 'conversation') AS unit, '' AS tier,
         if(pt = 'FREE_TIER', toInt64(sign), -toInt64(sign)) AS n,
         if(pt = 'FREE_TIER', toDecimal128(0, 6), -toDecimal128(sign, 0) * price) AS c
  FROM free_tier ARRAY JOIN ['FREE_TIER', 'REGULAR'] AS pt
)
GROUP BY waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier
HAVING conversations != 0 OR cost != 0
