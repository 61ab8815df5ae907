-- Finance export "invoice" (docs/exports.md): one item row per WABA, local month, market,
-- category, pricing type, unit (conversation or message) and volume tier with the count and amount, then one total row per
-- WABA and currency for the whole period. Amounts are exact decimal sums of the same rollup the
-- dashboard reads. An amount that includes a conversation with no rate-card price
-- (unpriced_conversations) cannot be computed: it is empty (null), and so is its WABA's total;
-- its currency is empty too (an unpriced charge's currency is the derive's fallback, not a price's).
WITH unpriced AS (
  SELECT waba_id, formatDateTime(local_date, '%Y-%m') AS month, market, category, count() AS u
  FROM unpriced_conversations
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY waba_id, month, market, category
),
items AS (
  SELECT s.waba_id AS waba_id, s.month AS month, s.market AS market, s.category AS category,
         s.pricing_type AS pricing_type, s.unit AS unit, s.tier AS tier, s.currency AS currency, s.n AS n,
         if(s.pricing_type = 'REGULAR' AND u.u > 0, NULL, s.amount) AS amount
  FROM (
    SELECT waba_id, formatDateTime(local_date, '%Y-%m') AS month, market, category, pricing_type, unit, tier, currency,
           sum(conversations) AS n, sum(cost) AS amount
    FROM spend_daily
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
    GROUP BY waba_id, month, market, category, pricing_type, unit, tier, currency
    HAVING n != 0
  ) AS s
  LEFT JOIN unpriced AS u ON u.waba_id = s.waba_id AND u.month = s.month AND u.market = s.market AND u.category = s.category
)
SELECT i.row_type AS row_type, i.waba_id AS waba_id, w.name AS waba_name, i.month AS month, i.market AS market,
       i.category AS category, i.pricing_type AS pricing_type, toInt64(i.n) AS conversations,
       -- an amount that cannot be computed has no currency either (as the ledger's unpriced rows)
       wacost_money(i.amount) AS amount, if(i.amount IS NULL, NULL, i.currency) AS currency, i.unit AS unit, nullIf(i.tier, '') AS tier
FROM (
  SELECT 'item' AS row_type, waba_id, month, market, category, pricing_type, unit, tier, currency, n, amount FROM items
  UNION ALL
  SELECT 'total' AS row_type, waba_id, '' AS month, '' AS market, '' AS category, '' AS pricing_type, '' AS unit,
         '' AS tier, currency, sum(n) AS n, if(countIf(amount IS NULL) > 0, NULL, sum(amount)) AS amount
  FROM items GROUP BY waba_id, currency
) AS i
LEFT JOIN wabas AS w ON w.waba_id = i.waba_id
ORDER BY waba_id, row_type = 'total', month, market, category, pricing_type, unit, tier, currency
