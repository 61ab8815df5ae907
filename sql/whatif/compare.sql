-- What-if re-pricing (issue 13, item 5): the same stored traffic priced now ({current}) and under
-- another pricing-model timeline or rate card ({alternative}, derived by the same derive SQL in a
-- database of its own, core/whatif.ts), side by side from both spend rollups, for the local days
-- {from}..{to} and the WABAs asked (none: all). With {by_waba} = 0 the WABAs are summed (waba_id
-- empty). Rows:
--   item     one per WABA, pricing category, pricing type, unit (conversation or message) and
--            currency: counts (conversations or message charges) and costs on both sides;
--   category one per WABA, pricing category and currency (all pricing types and units);
--   total    one per WABA and currency.
-- A REGULAR amount that includes a charge with no rate-card price (unpriced_conversations of
-- that side) cannot be computed: it is null, and so is every sum and difference it enters.
-- difference = alternative_cost − current_cost. Counts as Float64, exact below 2^53: sums over
-- every WABA asked and any period, not bounded as a panel row's are (an Int64 is a BigInt in
-- Arrow, where WhatifRow says number; as JSON and CSV they read as the same whole numbers).
WITH
  cur AS (
    SELECT if({by_waba:UInt8} = 1, waba_id, '') AS w, category, pricing_type, unit, currency,
           sum(conversations) AS n, sum(cost) AS amount
    FROM {current:Identifier}.spend_daily
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
    GROUP BY w, category, pricing_type, unit, currency
    HAVING n != 0
  ),
  alt AS (
    SELECT if({by_waba:UInt8} = 1, waba_id, '') AS w, category, pricing_type, unit, currency,
           sum(conversations) AS n, sum(cost) AS amount
    FROM {alternative:Identifier}.spend_daily
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
    GROUP BY w, category, pricing_type, unit, currency
    HAVING n != 0
  ),
  cur_unpriced AS (
    SELECT if({by_waba:UInt8} = 1, waba_id, '') AS w, category, count() AS u
    FROM {current:Identifier}.unpriced_conversations
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
    GROUP BY w, category
  ),
  alt_unpriced AS (
    SELECT if({by_waba:UInt8} = 1, waba_id, '') AS w, category, count() AS u
    FROM {alternative:Identifier}.unpriced_conversations
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
    GROUP BY w, category
  ),
  items AS (
    SELECT j.w AS w, j.category AS category, j.pricing_type AS pricing_type, j.unit AS unit, j.currency AS currency,
           j.cn AS cn, if(j.pricing_type = 'REGULAR' AND cu.u > 0, NULL, toNullable(j.ca)) AS ca,
           j.an AS an, if(j.pricing_type = 'REGULAR' AND au.u > 0, NULL, toNullable(j.aa)) AS aa
    FROM (
      SELECT w, category, pricing_type, unit, currency,
             c.n AS cn, c.amount AS ca, a.n AS an, a.amount AS aa
      FROM cur AS c FULL OUTER JOIN alt AS a USING (w, category, pricing_type, unit, currency)
    ) AS j
    LEFT JOIN cur_unpriced AS cu ON cu.w = j.w AND cu.category = j.category
    LEFT JOIN alt_unpriced AS au ON au.w = j.w AND au.category = j.category
  ),
  rows_ AS (
    SELECT 'item' AS row_type, w, category, pricing_type, unit, currency, cn, ca, an, aa FROM items
    UNION ALL
    SELECT 'category' AS row_type, w, category, '' AS pricing_type, '' AS unit, currency, sum(cn) AS cn,
           if(countIf(ca IS NULL) > 0, NULL, sum(ca)) AS ca, sum(an) AS an,
           if(countIf(aa IS NULL) > 0, NULL, sum(aa)) AS aa
    FROM items GROUP BY w, category, currency
    UNION ALL
    SELECT 'total' AS row_type, w, '' AS category, '' AS pricing_type, '' AS unit, currency, sum(cn) AS cn,
           if(countIf(ca IS NULL) > 0, NULL, sum(ca)) AS ca, sum(an) AS an,
           if(countIf(aa IS NULL) > 0, NULL, sum(aa)) AS aa
    FROM items GROUP BY w, currency
  )
SELECT r.row_type AS row_type, r.w AS waba_id, if(r.w = '', '', ifNull(wn.name, '')) AS waba_name,
       r.category AS category, r.pricing_type AS pricing_type, r.unit AS unit, r.currency AS currency,
       toFloat64(r.cn) AS current_count, wacost_money(r.ca) AS current_cost,
       toFloat64(r.an) AS alternative_count, wacost_money(r.aa) AS alternative_cost,
       toFloat64(r.an) - toFloat64(r.cn) AS count_difference, wacost_money(r.aa - r.ca) AS difference
FROM rows_ AS r
LEFT JOIN (SELECT waba_id, any(name) AS name FROM {current:Identifier}.wabas GROUP BY waba_id) AS wn ON wn.waba_id = r.w
ORDER BY waba_id, row_type = 'total', category, row_type = 'category', pricing_type, unit, currency
