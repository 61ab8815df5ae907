-- Volume tiers (pricing-models.md §4): re-ranks every count (WABA, market, category, local month)
-- marked in tier_dirty: its REGULAR tiered per-message charges by delivery, then message id (byte-
-- wise); the n-th pays the band of the rate-card rows in force on its local date with the greatest
-- tier_from <= n, and carries Meta's tier `<tier_from - 1>:<next tier_from - 1>` (`:MAX` for the
-- last band). Writes the difference to volume_tiers. A charge with no rate-card row in force gets
-- no row (it is unpriced: the ledger shows its cost null). Reads every mark, also those of a run
-- that crashed before this step (derive/55_clear_tier_dirty clears them once this step ended).
INSERT INTO volume_tiers (waba_id, market, category, month, conversation_id, phone_number_id, local_date, n, tier,
  base_price, price, currency, sign)
WITH
  counts AS (SELECT DISTINCT waba_id, market, category, month FROM tier_dirty),
  live AS (
    SELECT * EXCEPT sign FROM volume_tiers
    WHERE (waba_id, market, category, month) IN (SELECT * FROM counts)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  ranked AS (
    SELECT c.waba_id AS waba_id, c.market AS market, c.category AS category, c.month AS month,
           c.conversation_id AS conversation_id, c.phone_number_id AS phone_number_id, c.local_date AS local_date,
           c.n AS n,
           arraySort(x -> x.1, b.bands) AS bs,
           arrayLast(x -> x.1 <= c.n, bs) AS band,
           arrayFirst(x -> x.1 > c.n, bs).1 AS nxt,
           concat(toString(band.1 - 1), ':', if(nxt = 0, 'MAX', toString(nxt - 1))) AS tier,
           c.price AS base_price, band.2 AS price, c.currency AS currency
    FROM (
      SELECT *, row_number() OVER (PARTITION BY waba_id, market, category, month
                                   ORDER BY opened_at, opening_message_id) AS n
      FROM (SELECT * EXCEPT sign FROM tiered_charges
            WHERE (waba_id, market, category, month) IN (SELECT * FROM counts)
            GROUP BY ALL HAVING sum(sign) > 0)
    ) AS c
    ASOF LEFT JOIN (SELECT market, category, effective_from, groupArray((tier_from, price)) AS bands
                    FROM rate_card GROUP BY market, category, effective_from) AS b
      ON b.market = c.market AND b.category = c.category AND b.effective_from <= c.local_date
    WHERE notEmpty(bs)
  )
SELECT * EXCEPT s, toInt8(sum(s)) AS sign
FROM (
  SELECT waba_id, market, category, month, conversation_id, phone_number_id, local_date, n, tier, base_price, price,
         currency, 1 AS s
  FROM ranked
  UNION ALL
  SELECT *, -1 AS s FROM live
)
GROUP BY ALL
HAVING sum(s) != 0
