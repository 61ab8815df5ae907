-- The ledger of interfaces.md §3-4: every live conversation and per-message charge with its final
-- pricing (FREE_TIER from free_tier, volume-tier bands from volume_tiers), sorted byte-wise
-- by phone_number_id, wa_id, opened_at, category, opening_message_id, unit. A per-message charge
-- (unit message) is stored with close_reason '' and printed with closed_at and close_reason null.
-- unpriced: charged (REGULAR, not FREE_TIER) with no rate-card row in force on its local day
WITH f.conversation_id = '' AND c.base_pricing = 'REGULAR' AND (r.market = '' OR c.local_date < r.first_from) AS unpriced,
     c.close_reason = '' AS per_message,
     v.conversation_id != '' AS tiered
SELECT c.conversation_id AS conversation_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
       c.wa_id AS wa_id, if(c.country = '', NULL, c.country) AS country, c.market AS market,
       c.category AS category, wacost_iso(c.opened_at) AS opened_at,
       if(per_message, NULL, wacost_iso(c.closed_at)) AS closed_at,
       if(per_message, NULL, c.close_reason) AS close_reason, c.opening_message_id AS opening_message_id,
       if(f.conversation_id != '', 'FREE_TIER', c.base_pricing) AS pricing_type,
       -- a charge with no rate-card row in force (unpriced_conversations) has no cost: null, never 0
       if(unpriced, NULL, wacost_money(multiIf(f.conversation_id != '', toDecimal64(0, 6),
                                               tiered, v.price, c.price))) AS cost,
       if(unpriced OR c.currency = '', NULL, c.currency) AS currency,
       if(per_message, 'message', 'conversation') AS unit,
       if(unpriced OR NOT tiered, NULL, v.tier) AS tier
FROM (SELECT * EXCEPT sign FROM conversations GROUP BY ALL HAVING sum(sign) > 0) AS c
LEFT JOIN (SELECT conversation_id FROM free_tier GROUP BY ALL HAVING sum(sign) > 0) AS f
  ON f.conversation_id = c.conversation_id
LEFT JOIN rate_card_first AS r
  ON r.market = c.market AND r.category = c.category
LEFT JOIN (SELECT conversation_id, tier, price FROM volume_tiers GROUP BY ALL HAVING sum(sign) > 0) AS v
  ON v.conversation_id = c.conversation_id
ORDER BY phone_number_id, wa_id, opened_at, category, opening_message_id, unit
