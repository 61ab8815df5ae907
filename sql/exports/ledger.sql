-- Finance export "ledger" (docs/exports.md), one page: every conversation and per-message charge
-- opened on the local days {from}..{to} of its WABA (and of the phone numbers, markets,
-- categories and countries asked, as the dashboard's filters: empty = all; country `unknown`: ''), with all ledger fields (unit and volume tier
-- included, interfaces.md §4), the WABA's name, the opening day and month in the WABA's time
-- zone. Cost is the exact decimal string. Pages concatenate in order: local_date, waba_id,
-- opened_at, conversation_id.
-- unpriced: charged (REGULAR, not FREE_TIER) with no rate-card row in force on its local day
WITH f.conversation_id = '' AND c.base_pricing = 'REGULAR' AND (r.market = '' OR c.local_date < r.first_from) AS unpriced,
     c.close_reason = '' AS per_message,
     v.conversation_id != '' AS tiered
SELECT c.local_date AS local_date, formatDateTime(c.local_date, '%Y-%m') AS month,
       c.waba_id AS waba_id, w.name AS waba_name, c.conversation_id AS conversation_id,
       c.phone_number_id AS phone_number_id, c.wa_id AS wa_id, c.country AS country, c.market AS market,
       c.category AS category, wacost_iso(c.opened_at) AS opened_at,
       if(per_message, NULL, wacost_iso(c.closed_at)) AS closed_at,
       if(per_message, NULL, c.close_reason) AS close_reason, c.opening_message_id AS opening_message_id,
       if(f.conversation_id != '', 'FREE_TIER', c.base_pricing) AS pricing_type,
       -- a charge with no rate-card row in force (unpriced_conversations): empty cost, never 0
       if(unpriced, NULL, wacost_money(multiIf(f.conversation_id != '', toDecimal64(0, 6), tiered, v.price, c.price))) AS cost,
       if(unpriced OR c.currency = '', NULL, c.currency) AS currency,
       if(per_message, 'message', 'conversation') AS unit,
       if(unpriced OR NOT tiered, NULL, v.tier) AS tier
FROM (
  SELECT * EXCEPT sign FROM conversations
  WHERE local_date BETWEEN {from:Date} AND {to:Date}
    AND wacost_in_charge_filter({wabas:Array(String)}, {phones:Array(String)}, {markets:Array(String)}, {categories:Array(String)},
                                {countries:Array(String)}, waba_id, phone_number_id, market, category, country)
  GROUP BY ALL HAVING sum(sign) > 0
) AS c
LEFT JOIN (
  SELECT conversation_id FROM free_tier
  WHERE local_date BETWEEN {from:Date} AND {to:Date} AND wacost_in_filter({wabas:Array(String)}, waba_id)
  GROUP BY ALL HAVING sum(sign) > 0
) AS f ON f.conversation_id = c.conversation_id
LEFT JOIN rate_card_first AS r
  ON r.market = c.market AND r.category = c.category
LEFT JOIN (
  SELECT conversation_id, tier, price FROM volume_tiers
  WHERE local_date BETWEEN {from:Date} AND {to:Date} AND wacost_in_filter({wabas:Array(String)}, waba_id)
  GROUP BY ALL HAVING sum(sign) > 0
) AS v ON v.conversation_id = c.conversation_id
LEFT JOIN wabas AS w ON w.waba_id = c.waba_id
ORDER BY local_date, waba_id, c.opened_at, conversation_id
