-- Headline figures: total spend and conversations, conversations by category and by pricing
-- type (from spend_daily, every filter applies), and message counts from verdict_daily:
-- templates REUSED (charges avoided), guardrail breaks (OUTSIDE_SERVICE_WINDOW) and
-- NOT_DELIVERED (the market, category and country filters do not apply to messages), and section
-- unpriced: charged conversations with no rate-card price (the totals are incomplete), from the
-- same read of the rollup by the test of unpriced_daily (340, which has no country): REGULAR
-- groups whose market and category have no rate-card row in force on their local day
-- (rate_card_first), so no part of the headline reads every conversation. Section stored:
-- every stored message of the period (WABA and phone filters), 0 (no row) when there is none: the
-- page then says there is nothing to count instead of "$0.00" (fresh-user trial).
SELECT section, key, currency, wacost_total(sum(n)) AS count, toFloat64(sum(c)) AS cost
FROM (
  SELECT sk.1 AS section, sk.2 AS key, if(section = 'unpriced', '', currency) AS currency, conversations AS n,
         if(section = 'unpriced', toDecimal128(0, 6), cost) AS c
  FROM (
    SELECT s.*, s.pricing_type = 'REGULAR' AND (r.market = '' OR s.local_date < r.first_from) AS unpriced
    FROM spend_daily AS s
    LEFT JOIN rate_card_first AS r ON r.market = s.market AND r.category = s.category
    WHERE wacost_in_charge_filter({wabas:Array(String)}, {phones:Array(String)}, {markets:Array(String)}, {categories:Array(String)},
                                  {countries:Array(String)}, s.waba_id, s.phone_number_id, s.market, s.category, s.country)
      AND s.local_date BETWEEN {from:Date} AND {to:Date}
  )
  ARRAY JOIN arrayConcat([('total', ''), ('category', category), ('pricing_type', pricing_type)],
                         if(unpriced, [('unpriced', '')], [])) AS sk
  UNION ALL
  SELECT sk.1 AS section, sk.2 AS key, '' AS currency, messages AS n, toDecimal128(0, 6) AS c
  FROM verdict_daily
  ARRAY JOIN arrayConcat([('stored', '')],
                         if(verdict IN ('REUSED', 'OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED'), [('messages', verdict)], [])) AS sk
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
)
GROUP BY section, key, currency
HAVING count != 0 OR cost != 0 OR section = 'total'
ORDER BY section, key, currency
