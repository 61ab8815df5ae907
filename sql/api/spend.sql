-- Spend over time: conversations and cost per period (day, ISO week from Monday, month of the
-- WABA's local dates, or `total`: the whole period as one, dated {from}) split by one
-- dimension (category_pricing_type: 'MARKETING · REGULAR'; unit: conversation or message; tier:
-- the volume tier `LOWER:UPPER`, '' for charges without one), from the spend_daily rollup. Exact decimal sums, converted to Float64 only at the
-- end for charts (exact to the cent and beyond).
SELECT toDateTime64(period, 3, 'UTC') AS period, key, any(label) AS label, currency,
       toInt32(sum(n)) AS conversations, toFloat64(sum(c)) AS cost
FROM (
  SELECT multiIf({granularity:String} = 'total', {from:Date},
                 {granularity:String} = 'month', toStartOfMonth(s.local_date),
                 {granularity:String} = 'week', toMonday(s.local_date), s.local_date) AS period,
         multiIf({split:String} = 'category', s.category, {split:String} = 'market', s.market,
                 {split:String} = 'phone', s.phone_number_id, {split:String} = 'waba', s.waba_id,
                 {split:String} = 'category_pricing_type', concat(s.category, ' · ', s.pricing_type),
                 {split:String} = 'unit', s.unit, {split:String} = 'tier', s.tier,
                 s.pricing_type) AS key,
         multiIf({split:String} = 'waba' AND w.name != '', w.name,
                 {split:String} = 'phone' AND p.label != '', p.label,
                 {split:String} = 'tier' AND key = '', 'no tier', key) AS label,
         s.currency AS currency, s.conversations AS n, s.cost AS c
  FROM spend_daily AS s
  LEFT JOIN wabas AS w ON w.waba_id = s.waba_id
  LEFT JOIN phone_number_labels AS p ON p.phone_number_id = s.phone_number_id
  WHERE wacost_in_filter({wabas:Array(String)}, s.waba_id)
    AND wacost_in_filter({phones:Array(String)}, s.phone_number_id)
    AND wacost_in_filter({markets:Array(String)}, s.market)
    AND wacost_in_filter({categories:Array(String)}, s.category)
    AND s.local_date BETWEEN {from:Date} AND {to:Date}
)
GROUP BY period, key, currency
HAVING conversations != 0 OR cost != 0
ORDER BY period, key, currency
