-- mv_spend_daily_free_tier (444, grouped by 679) with the charge's country (free_tier.country,
-- 765): a FREE_TIER charge moves from REGULAR to FREE_TIER within its own country. Modified in
-- place, as 679 did.
ALTER TABLE mv_spend_daily_free_tier MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier, country,
       sum(n) AS conversations, sum(c) AS cost
FROM (
  SELECT waba_id, local_date, phone_number_id, market, 'SERVICE' AS category, pt AS pricing_type, currency,
         if(startsWith(counter, 'phone:'), 'message', 'conversation') AS unit, '' AS tier, country,
         if(pt = 'FREE_TIER', toInt64(sign), -toInt64(sign)) AS n,
         if(pt = 'FREE_TIER', toDecimal128(0, 6), -toDecimal128(sign, 0) * price) AS c
  FROM free_tier ARRAY JOIN ['FREE_TIER', 'REGULAR'] AS pt
)
GROUP BY waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier, country
HAVING conversations != 0 OR cost != 0
