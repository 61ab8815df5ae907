-- Finance export "invoice" (docs/exports.md): one item row per WABA, local month, market,
-- category and pricing type with the conversation count and amount, then one total row per
-- WABA and currency for the whole period. Amounts are exact decimal sums of the same rollup the
-- dashboard reads.
WITH items AS (
  SELECT waba_id, formatDateTime(local_date, '%Y-%m') AS month, market, category, pricing_type, currency,
         sum(conversations) AS n, sum(cost) AS amount
  FROM spend_daily
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY waba_id, month, market, category, pricing_type, currency
  HAVING n != 0
)
SELECT i.row_type AS row_type, i.waba_id AS waba_id, w.name AS waba_name, i.month AS month, i.market AS market,
       i.category AS category, i.pricing_type AS pricing_type, toInt64(i.n) AS conversations,
       wacost_money(i.amount) AS amount, i.currency AS currency
FROM (
  SELECT 'item' AS row_type, waba_id, month, market, category, pricing_type, currency, n, amount FROM items
  UNION ALL
  SELECT 'total' AS row_type, waba_id, '' AS month, '' AS market, '' AS category, '' AS pricing_type, currency,
         sum(n) AS n, sum(amount) AS amount
  FROM items GROUP BY waba_id, currency
) AS i
LEFT JOIN wabas AS w ON w.waba_id = i.waba_id
ORDER BY waba_id, row_type = 'total', month, market, category, pricing_type, currency
