-- Spend over time: conversations and cost per period (day, ISO week from Monday, month of the
-- WABA's local dates, or `total`: the whole period as one, dated {from}, or with {from} open
-- (1970-01-01, core/scope.ts firstDay) the first local day of the charges it sums, the same for
-- every row: an open bound's 1970-01-01 read as a day of the data: fresh-user trial) split by one
-- dimension (category_pricing_type: 'MARKETING · REGULAR'; unit: conversation or message; tier:
-- the volume tier `LOWER:UPPER`, '' for charges without one; country: the customer's ISO 3166
-- code as the ledger export's `country` gives it, '' when unknown, labelled by name as
-- {country_codes}/{country_labels} spell it, "United States (US)", and '' as "Unknown country";
-- market: the rate card's market, labelled as the dashboard's market menu names it, by
-- {market_codes}/{market_labels}: "India" for IN, "Other markets" for OTHER, "North America" itself),
-- from the spend_daily rollup. Exact decimal sums, converted to Float64 only at the
-- end for charts (exact to the cent and beyond).
-- unpriced: the row's charges with no rate-card price, by the test of unpriced_daily (340) and
-- unpriced_conversations (141): REGULAR charges whose market and category have no rate-card row
-- in force on their local day (the derive stored cost 0 for them). A row with any has cost null,
-- as the daily and invoice exports leave such an amount empty; priced_cost is the sum of its
-- priced charges (what is known, a lower bound: the chart draws it and marks the bar).
-- currency: that of priced_cost, null when every charge of the row is unpriced (there is no price
-- to have one: the derive gave them the rate card's first currency, or USD, as a fallback), as the
-- exports give no currency beside an amount they cannot state.
-- messages: how many of the row's charges (conversations counts both) are per-message charges
-- (unit 'message', pricing-models.md §3), the rest conversations: a tooltip says which it counts
-- (it called per-message charges "Conversations": fresh-user trial).
SELECT toDateTime64(if({granularity:String} = 'total' AND {from:Date} = toDate('1970-01-01'), min(min(d)) OVER (), p), 3, 'UTC') AS period,
       key, any(label) AS label,
       if(unpriced > 0 AND unpriced >= conversations, NULL, cur) AS currency,
       wacost_total(sum(n)) AS conversations, if(unpriced > 0, NULL, priced_cost) AS cost,
       wacost_total(sum(u)) AS unpriced, toFloat64(sum(c)) AS priced_cost, wacost_total(sum(m)) AS messages
FROM (
  SELECT s.local_date AS d,
         multiIf({granularity:String} = 'total', {from:Date},
                 {granularity:String} = 'month', toStartOfMonth(s.local_date),
                 {granularity:String} = 'week', toMonday(s.local_date), s.local_date) AS p,
         multiIf({split:String} = 'category', s.category, {split:String} = 'market', s.market,
                 {split:String} = 'phone', s.phone_number_id, {split:String} = 'waba', s.waba_id,
                 {split:String} = 'category_pricing_type', concat(s.category, ' · ', s.pricing_type),
                 {split:String} = 'unit', s.unit, {split:String} = 'tier', s.tier,
                 {split:String} = 'country', s.country,
                 s.pricing_type) AS key,
         multiIf({split:String} = 'waba' AND w.name != '', w.name,
                 {split:String} = 'phone' AND p.label != '', p.label,
                 {split:String} = 'tier' AND key = '', 'no tier',
                 {split:String} = 'country' AND key = '', 'Unknown country',
                 {split:String} = 'country', transform(key, {country_codes:Array(String)}, {country_labels:Array(String)}, key),
                 {split:String} = 'market', transform(key, {market_codes:Array(String)}, {market_labels:Array(String)}, key),
                 key) AS label,
         s.currency AS cur, s.conversations AS n, s.cost AS c, if(s.unit = 'message', s.conversations, 0) AS m,
         if(s.pricing_type = 'REGULAR' AND (r.market = '' OR s.local_date < r.first_from), s.conversations, 0) AS u
  FROM spend_daily AS s
  LEFT JOIN wabas AS w ON w.waba_id = s.waba_id
  LEFT JOIN phone_number_labels AS p ON p.phone_number_id = s.phone_number_id
  LEFT JOIN rate_card_first AS r
    ON r.market = s.market AND r.category = s.category
  WHERE wacost_in_charge_filter({wabas:Array(String)}, {phones:Array(String)}, {markets:Array(String)}, {categories:Array(String)},
                                {countries:Array(String)}, s.waba_id, s.phone_number_id, s.market, s.category, s.country)
    AND s.local_date BETWEEN {from:Date} AND {to:Date}
)
GROUP BY p, key, cur
HAVING conversations != 0 OR priced_cost != 0 OR unpriced != 0
ORDER BY period, key, cur
