-- Finance export "daily" (docs/exports.md), the shape of BSP usage reports: one row per WABA,
-- local day and currency with conversations and per-message charges by kind (non-overlapping:
-- marketing, utility, authentication, paid service, free entry point, free tier, then — appended,
-- the columns are stable — authentication-international and free customer service; the eight add
-- up to conversations) and the day's cost. Phone numbers, markets, categories and countries filter
-- as on the dashboard (empty = all; country `unknown`: ''), the unpriced check with them: a day is
-- empty only for what is asked. Its unpriced charges are counted from the rollup by the test of
-- unpriced_conversations (141), which has no country: REGULAR charges (free-tier ones moved to
-- FREE_TIER) whose market and category have no rate-card row in force on their local day.
SELECT d.local_date AS local_date, d.waba_id AS waba_id, w.name AS waba_name,
       toInt64(d.marketing) AS marketing, toInt64(d.utility) AS utility, toInt64(d.authentication) AS authentication,
       toInt64(d.service) AS service, toInt64(d.free_entry) AS free_entry, toInt64(d.free_tier) AS free_tier,
       toInt64(d.n) AS conversations,
       -- a day with a conversation that has no rate-card price: its cost cannot be computed (empty),
       -- nor given a currency (as the ledger's unpriced rows)
       if(u.u > 0, NULL, wacost_money(d.amount)) AS cost, if(u.u > 0, NULL, d.currency) AS currency,
       toInt64(d.authentication_international) AS authentication_international,
       toInt64(d.free_customer_service) AS free_customer_service
FROM (
  SELECT local_date, waba_id, currency,
         sumIf(conversations, category = 'MARKETING' AND pricing_type = 'REGULAR') AS marketing,
         sumIf(conversations, category = 'UTILITY' AND pricing_type = 'REGULAR') AS utility,
         sumIf(conversations, category = 'AUTHENTICATION' AND pricing_type = 'REGULAR') AS authentication,
         sumIf(conversations, category = 'SERVICE' AND pricing_type = 'REGULAR') AS service,
         sumIf(conversations, pricing_type = 'FREE_ENTRY_POINT') AS free_entry,
         sumIf(conversations, pricing_type = 'FREE_TIER') AS free_tier,
         sumIf(conversations, category = 'AUTHENTICATION_INTERNATIONAL' AND pricing_type = 'REGULAR') AS authentication_international,
         -- per-message pricing (pricing-models.md §3): service, and utility inside the customer service window while free
         sumIf(conversations, pricing_type = 'FREE_CUSTOMER_SERVICE') AS free_customer_service,
         sum(conversations) AS n, sum(cost) AS amount
  FROM spend_daily
  WHERE wacost_in_charge_filter({wabas:Array(String)}, {phones:Array(String)}, {markets:Array(String)}, {categories:Array(String)},
                                {countries:Array(String)}, waba_id, phone_number_id, market, category, country)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY local_date, waba_id, currency
  HAVING n != 0
) AS d
LEFT JOIN (
  SELECT s.waba_id AS waba_id, s.local_date AS local_date, sum(s.conversations) AS u
  FROM spend_daily AS s
  LEFT JOIN rate_card_first AS r ON r.market = s.market AND r.category = s.category
  WHERE s.pricing_type = 'REGULAR' AND (r.market = '' OR s.local_date < r.first_from)
    AND wacost_in_charge_filter({wabas:Array(String)}, {phones:Array(String)}, {markets:Array(String)}, {categories:Array(String)},
                                {countries:Array(String)}, s.waba_id, s.phone_number_id, s.market, s.category, s.country)
    AND s.local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY waba_id, local_date
) AS u ON u.waba_id = d.waba_id AND u.local_date = d.local_date
LEFT JOIN wabas AS w ON w.waba_id = d.waba_id
ORDER BY local_date, waba_id, currency
