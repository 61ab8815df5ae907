-- Volume-tier progress (pricing-models.md §4) per WABA, market, pricing category and local month
-- overlapping {from}..{to}, counted from the month's 1st to {to}: paid (REGULAR per-message
-- charges ranked in the count so far), the band the last of them paid (tier `LOWER:UPPER` as
-- Meta writes it, its price), the rank where the next band starts and how many more messages
-- until one is priced there (that one included; null in the last band), the next band's price,
-- the cost so far and the saving against paying the first band for all. Tiers count per WABA,
-- so the phone filter does not apply. Exact decimals converted to Float64 at the end; counts
-- Int32 (number in Arrow, as VolumeTierRow says: an Int32 difference is an Int64, a BigInt there).
-- A charge with no rate-card row in force (derive/50_volume_tiers gives it no band) is ranked and
-- counted all the same: paid counts every charge (tiered_charges), unpriced those without a
-- price, and cost and saving are null when there are any (as /api/spend's cost); a count none of
-- whose charges has a price has no band (tier '', tier_price, currency and the next band null).
WITH c AS (
  SELECT waba_id, market, category, month, count() AS charged
  FROM (SELECT * EXCEPT sign FROM tiered_charges
        WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
          AND wacost_in_filter({markets:Array(String)}, market)
          AND wacost_in_filter({categories:Array(String)}, category)
          AND local_date <= {to:Date} AND month >= toStartOfMonth({from:Date})
        GROUP BY ALL HAVING sum(sign) > 0)
  GROUP BY waba_id, market, category, month
),
t AS (
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
),
g AS (
  SELECT c.waba_id AS waba_id, c.market AS market, c.category AS category, c.month AS month,
         c.charged AS charged, c.charged - t.paid AS unpriced, t.band AS band, t.band_price AS band_price,
         t.cur AS cur, t.last_n AS last_n, t.last_day AS last_day, t.cost AS cost,
         t.first_band_cost AS first_band_cost, t.next_from AS next_from
  FROM c
  LEFT JOIN t ON t.waba_id = c.waba_id AND t.market = c.market AND t.category = c.category AND t.month = c.month
)
SELECT g.waba_id AS waba_id, if(w.name != '', w.name, g.waba_id) AS waba_name, g.market AS market,
       g.category AS category, toDateTime64(g.month, 3, 'UTC') AS month, nullIf(g.cur, '') AS currency,
       toInt32(g.charged) AS paid, toInt32(g.unpriced) AS unpriced, g.band AS tier,
       if(g.band = '', NULL, toNullable(toFloat64(g.band_price))) AS tier_price,
       if(g.next_from = 0, NULL, toNullable(toInt32(g.next_from))) AS next_tier_from,
       if(g.next_from = 0, NULL, toNullable(toInt32(toInt32(g.next_from) - toInt32(g.last_n)))) AS to_next_tier,
       if(g.next_from = 0 OR r.market = '', NULL, toNullable(toFloat64(r.price))) AS next_tier_price,
       if(g.unpriced > 0, NULL, toNullable(toFloat64(g.cost))) AS cost,
       if(g.unpriced > 0, NULL, toNullable(toFloat64(g.first_band_cost - g.cost))) AS saving
FROM g
ASOF LEFT JOIN (SELECT market, category, tier_from, effective_from, price FROM rate_card) AS r
  ON r.market = g.market AND r.category = g.category AND r.tier_from = g.next_from
     AND r.effective_from <= g.last_day
LEFT JOIN wabas AS w ON w.waba_id = g.waba_id
WHERE g.month <= {to:Date}
ORDER BY waba_name, waba_id, month, market, category
