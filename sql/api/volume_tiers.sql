-- Volume-tier progress (pricing-models.md §4) per WABA, market, pricing category and local month
-- overlapping {from}..{to}, counted from the month's 1st to {to}: paid (REGULAR per-message
-- charges ranked in the count so far), the band the last of them paid (tier `LOWER:UPPER` as
-- Meta writes it, its price), the rank where the next band starts and how many more messages
-- until one is priced there (that one included; null in the last band), the next band's price,
-- the cost so far and the saving against paying the first band for all. Tiers count per WABA,
-- so the phone filter does not apply. Exact decimals converted to Float64 at the end; counts
-- Int32 (number in Arrow, as VolumeTierRow says: an Int32 difference is an Int64, a BigInt there).
-- A charge with no rate-card row in force (derive/50_volume_tiers gives it no band) is ranked and
-- counted all the same: paid counts every live charge (tiered_charges, `banded` 0), unpriced those
-- without a band (volume_tiers, `banded` 1), and cost and saving are null when there are any (as
-- /api/spend's cost); a count none of whose charges has a price has no band (tier '', tier_price,
-- currency and the next band null). Both tables read in one pass, under one filter.
-- Live rows by FINAL (the sorting keys hold every column, so a key is a row), not by GROUP BY ALL
-- HAVING sum(sign) > 0 (2.1-2.7 s at 10M messages, ~2M rows grouped by 14 columns; FINAL 0.42 s,
-- the same 96 rows): the derive writes each row's difference from the live rows
-- (derive/50_volume_tiers, the charges' writes alike), so a row's signs alternate +1, -1, ... in
-- the order written, one sign per statement, and FINAL keeps a positive row exactly when they
-- sum to 1.
WITH t AS (
  SELECT waba_id, market, category, month, countIf(NOT banded) AS paid, paid - countIf(banded) AS unpriced,
         maxIf(n, banded) AS last_n, argMaxIf(tier, n, banded) AS band, argMaxIf(price, n, banded) AS band_price,
         argMaxIf(local_date, n, banded) AS last_day, anyIf(currency, banded) AS cur,
         sumIf(price, banded) AS cost, sumIf(base_price, banded) AS first_band_cost,
         splitByChar(':', band)[2] AS upper, if(band = '' OR upper = 'MAX', toUInt32(0), toUInt32OrZero(upper) + 1) AS next_from
  FROM (
          SELECT 0 AS banded, waba_id, market, category, month, opened_at, opening_message_id, conversation_id,
                 phone_number_id, local_date, toUInt64(0) AS n, '' AS tier, price AS base_price, price, currency
          FROM tiered_charges FINAL
          WHERE sign = 1 AND wacost_in_filter({wabas:Array(String)}, waba_id)
            AND wacost_in_filter({markets:Array(String)}, market)
            AND wacost_in_filter({categories:Array(String)}, category)
            AND local_date <= {to:Date} AND month >= toStartOfMonth({from:Date})
          UNION ALL
          SELECT 1 AS banded, waba_id, market, category, month, opened_at, opening_message_id, conversation_id,
                 phone_number_id, local_date, n, tier, base_price, price, currency
          FROM volume_tiers FINAL
          WHERE sign = 1 AND wacost_in_filter({wabas:Array(String)}, waba_id)
            AND wacost_in_filter({markets:Array(String)}, market)
            AND wacost_in_filter({categories:Array(String)}, category)
            AND local_date <= {to:Date} AND month >= toStartOfMonth({from:Date}))
  GROUP BY waba_id, market, category, month
)
SELECT t.waba_id AS waba_id, if(w.name != '', w.name, t.waba_id) AS waba_name, t.market AS market,
       t.category AS category, toDateTime64(t.month, 3, 'UTC') AS month, nullIf(t.cur, '') AS currency,
       toInt32(t.paid) AS paid, toInt32(t.unpriced) AS unpriced, t.band AS tier,
       if(t.band = '', NULL, toNullable(toFloat64(t.band_price))) AS tier_price,
       if(t.next_from = 0, NULL, toNullable(toInt32(t.next_from))) AS next_tier_from,
       if(t.next_from = 0, NULL, toNullable(toInt32(toInt32(t.next_from) - toInt32(t.last_n)))) AS to_next_tier,
       if(t.next_from = 0 OR r.market = '', NULL, toNullable(toFloat64(r.price))) AS next_tier_price,
       if(t.unpriced > 0, NULL, toNullable(toFloat64(t.cost))) AS cost,
       if(t.unpriced > 0, NULL, toNullable(toFloat64(t.first_band_cost - t.cost))) AS saving
FROM t
ASOF LEFT JOIN (SELECT market, category, tier_from, effective_from, price FROM rate_card) AS r
  ON r.market = t.market AND r.category = t.category AND r.tier_from = t.next_from
     AND r.effective_from <= t.last_day
LEFT JOIN wabas AS w ON w.waba_id = t.waba_id
WHERE t.month <= {to:Date}
ORDER BY waba_name, waba_id, month, market, category
