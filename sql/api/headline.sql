-- Headline figures: total spend and conversations, conversations by category and by pricing
-- type (from spend_daily, every filter applies), and message counts from verdict_daily:
-- templates REUSED (charges avoided), guardrail breaks (OUTSIDE_SERVICE_WINDOW) and
-- NOT_DELIVERED (the market and category filters do not apply to messages), and section
-- unpriced: charged conversations with no rate-card price (the totals are incomplete), from the
-- rollup (unpriced_daily), so no part of the headline reads every conversation. Section stored:
-- every stored message of the period (WABA and phone filters), 0 (no row) when there is none: the
-- page then says there is nothing to count instead of "$0.00" (fresh-user trial).
SELECT section, key, currency, wacost_total(sum(n)) AS count, toFloat64(sum(c)) AS cost
FROM (
  SELECT sk.1 AS section, sk.2 AS key, currency, conversations AS n, cost AS c
  FROM spend_daily
  ARRAY JOIN [('total', ''), ('category', category), ('pricing_type', pricing_type)] AS sk
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND wacost_in_filter({markets:Array(String)}, market)
    AND wacost_in_filter({categories:Array(String)}, category)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  UNION ALL
  SELECT 'unpriced' AS section, '' AS key, '' AS currency, conversations AS n, toDecimal128(0, 6) AS c
  FROM unpriced_daily
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND wacost_in_filter({markets:Array(String)}, market)
    AND wacost_in_filter({categories:Array(String)}, category)
    AND local_date BETWEEN {from:Date} AND {to:Date}
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
