-- Volume tiers (pricing-models.md §4): re-ranks every count (WABA, market, category, local month)
-- marked in tier_dirty, from the hour of the earliest change of all marks on: its REGULAR tiered
-- per-message charges in order of delivery, then message id (byte-wise); ranks before that hour
-- stand, so a batch that continues in time re-ranks only its own end of the month (rank = live
-- charges before the hour + position after it). The n-th charge pays the band of the rate-card
-- rows in force on its local date with the greatest tier_from <= n, and carries Meta's tier
-- `<tier_from - 1>:<next tier_from - 1>` (`:MAX` for the last band). Writes the difference to
-- volume_tiers. A charge with no rate-card row in force gets no row (it is unpriced: the ledger
-- shows its cost null). Reads every mark, also those of a run that crashed before this step
-- (derive/55_clear_tier_dirty clears them once this step has ended). Each row carries its charge's
-- country, the ledger row's (tiered_charges.country, read with the charge it ranks), so the spend
-- rollup moves it to its band within that country; the count itself ignores countries.
INSERT INTO volume_tiers (waba_id, market, category, month, opened_at, opening_message_id, conversation_id,
  phone_number_id, local_date, n, tier, base_price, price, currency, country, sign)
WITH
  -- No count changed before the earliest mark of all: rows before the start of its hour are only
  -- counted, from the rollup tier_hours (migration 859), never read row by row (the sorting key's
  -- prefix skips them), so a batch that continues in time reads its own end of the month
  -- (counting them in tiered_charges read the whole month so far).
  (SELECT toStartOfHour(min(opened_at)) FROM tier_dirty) AS bound,
  -- The live charges of the marked counts from the bound on, all ranked again, also those before
  -- their own count's earliest mark: their rank comes out as the one their live row holds (nothing
  -- before them changed, a rate card's change re-derives everything), so the difference below
  -- cancels them. Picking them out (each count's earliest mark joined to its charges and to its
  -- live rows) cost ~25 ms of this statement's ~95 (CPU, 1k-line micro-batch, 200k stored); the
  -- extra rows were read before too (from the bound on), only now also priced and compared.
  charges AS (
    SELECT * EXCEPT sign FROM tiered_charges
    WHERE (waba_id, market, category, month) IN (SELECT waba_id, market, category, month FROM tier_dirty)
      AND opened_at >= bound
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  -- Live charges before the bound: the sum of their signs per hour (every derive writes the
  -- difference from the live rows, so a charge's rows sum to 1 while it is live and to 0 once
  -- retracted), kept by tier_hours as tiered_charges is written.
  before AS (
    SELECT waba_id, market, category, month, sum(n) AS k FROM tier_hours
    WHERE (waba_id, market, category, month) IN (SELECT waba_id, market, category, month FROM tier_dirty)
      AND hour < bound
    GROUP BY waba_id, market, category, month
  ),
  -- the live rows of the same charges (from the bound on), for the difference
  live AS (
    SELECT * EXCEPT sign FROM volume_tiers
    WHERE (waba_id, market, category, month) IN (SELECT waba_id, market, category, month FROM tier_dirty)
      AND opened_at >= bound
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  ranked AS (
    SELECT r.waba_id AS waba_id, r.market AS market, r.category AS category, r.month AS month,
           r.opened_at AS opened_at, r.opening_message_id AS opening_message_id,
           r.conversation_id AS conversation_id, r.phone_number_id AS phone_number_id, r.local_date AS local_date,
           r.n AS n,
           arraySort(x -> x.1, b.bands) AS bs,
           arrayLast(x -> x.1 <= r.n, bs) AS band,
           arrayFirst(x -> x.1 > r.n, bs).1 AS nxt,
           concat(toString(band.1 - 1), ':', if(nxt = 0, 'MAX', toString(nxt - 1))) AS tier,
           r.price AS base_price, band.2 AS price, r.currency AS currency, r.country AS country
    FROM (
      SELECT a.*, toUInt64(ifNull(bf.k, 0) + row_number() OVER (PARTITION BY a.waba_id, a.market, a.category, a.month
                                                                ORDER BY a.opened_at, a.opening_message_id)) AS n
      FROM charges AS a
      LEFT JOIN before AS bf ON bf.waba_id = a.waba_id AND bf.market = a.market AND bf.category = a.category AND bf.month = a.month
    ) AS r
    ASOF LEFT JOIN (SELECT market, category, effective_from, groupArray((tier_from, price)) AS bands
                    FROM rate_card GROUP BY market, category, effective_from) AS b
      ON b.market = r.market AND b.category = r.category AND b.effective_from <= r.local_date
    WHERE notEmpty(bs)
  )
SELECT * EXCEPT s, toInt8(sum(s)) AS sign
FROM (
  SELECT waba_id, market, category, month, opened_at, opening_message_id, conversation_id, phone_number_id, local_date,
         n, tier, base_price, price, currency, country, 1 AS s
  FROM ranked
  UNION ALL
  SELECT *, -1 AS s FROM live
)
GROUP BY ALL
HAVING sum(s) != 0
