-- mv_spend_daily_volume_tiers (445, grouped by 680) with the charge's country (volume_tiers.country,
-- 766): a tiered charge moves from its first band's price to its band within its own country.
-- Modified in place, as 680 did.
ALTER TABLE mv_spend_daily_volume_tiers MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier, country,
       sum(n) AS conversations, sum(c) AS cost
FROM (
  SELECT waba_id, local_date, phone_number_id, market, category, 'REGULAR' AS pricing_type, currency,
         'message' AS unit, t AS tier, country,
         if(t = '', -toInt64(sign), toInt64(sign)) AS n,
         if(t = '', -toDecimal128(sign, 0) * base_price, toDecimal128(sign, 0) * price) AS c
  FROM volume_tiers ARRAY JOIN ['', tier] AS t
)
GROUP BY waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier, country
HAVING conversations != 0 OR cost != 0
