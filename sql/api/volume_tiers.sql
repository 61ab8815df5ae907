-- Volume-tier progress (pricing-models.md §4) per WABA, market, pricing category and local month
-- overlapping {from}..{to}, counted from the month's 1st to {to}: paid (REGULAR per-message
-- charges ranked in the count so far), the band the last of them paid (tier `LOWER:UPPER` as
-- Meta writes it, its price), the rank where the next band starts and how many more messages
-- until one is priced there (that one included; null in the last band), the next band's price,
-- the cost so far and the saving against paying the first band for all. Tiers count per WABA,
-- so the phone filter does not apply. Exact decimals converted to Float64 at the end; counts
-- Int32 (number in Arrow, as VolumeTierRow says: an Int32 difference is an Int64, a BigInt there).
WITH t AS (
  SELECT waba_id, market, category, month, count() AS paid, max(n) AS last_n,
         argMax(tier, n) AS band, argMax(price, n) AS band_price, argMax(local_date, n) AS last_day,
         any(currency) AS cur, sum(price) AS cost, sum(base_price) AS first_band_cost,
         splitByChar(':', band)[2] AS upper, if(band = '' OR upper = 'MAX', toUInt32(0), toUInt32OrZero(upper) + 1) AS next_from
  FROM (SELECT * EXCEPT sign FROM volume_tiers
        WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
          AND wacost_in_filter({markets:Array(String)}, market)
          AND wacost_in_filter({categories:Array(String)}, category)
          AND local_date <= {to:Date} AND month >= toStartOfMonth({from:Date})
        GROUP BY ALL HAVING sum(sign) > 0)
  GROUP BY waba_id, market, category, month
)
SELECT t.waba_id AS waba_id, if(w.name != '', w.name, t.waba_id) AS waba_name, t.market AS market,
       t.category AS category, toDateTime64(t.month, 3, 'UTC') AS month, t.cur AS currency,
       toInt32(t.paid) AS paid, t.band AS tier, toFloat64(t.band_price) AS tier_price,
       if(t.next_from = 0, NULL, toNullable(toInt32(t.next_from))) AS next_tier_from,
       if(t.next_from = 0, NULL, toNullable(toInt32(toInt32(t.next_from) - toInt32(t.last_n)))) AS to_next_tier,
       if(t.next_from = 0 OR r.market = '', NULL, toNullable(toFloat64(r.price))) AS next_tier_price,
       toFloat64(t.cost) AS cost, toFloat64(t.first_band_cost - t.cost) AS saving
FROM t
ASOF LEFT JOIN (SELECT market, category, tier_from, effective_from, price FROM rate_card) AS r
  ON r.market = t.market AND r.category = t.category AND r.tier_from = t.next_from
     AND r.effective_from <= t.last_day
LEFT JOIN wabas AS w ON w.waba_id = t.waba_id
WHERE t.month <= {to:Date}
ORDER BY waba_name, waba_id, month, market, category
