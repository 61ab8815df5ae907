-- The conversation ledger of interfaces.md §3: every live conversation with its final pricing
-- (FREE_TIER from free_tier), sorted byte-wise by phone_number_id, wa_id, opened_at, category.
SELECT c.conversation_id AS conversation_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
       c.wa_id AS wa_id, if(c.country = '', NULL, c.country) AS country, c.market AS market,
       c.category AS category, wacost_iso(c.opened_at) AS opened_at, wacost_iso(c.closed_at) AS closed_at,
       c.close_reason AS close_reason, c.opening_message_id AS opening_message_id,
       if(f.conversation_id != '', 'FREE_TIER', c.base_pricing) AS pricing_type,
       wacost_money(if(f.conversation_id != '', toDecimal64(0, 6), c.price)) AS cost,
       c.currency AS currency
FROM (SELECT * EXCEPT sign FROM conversations GROUP BY ALL HAVING sum(sign) > 0) AS c
LEFT JOIN (SELECT conversation_id FROM free_tier GROUP BY ALL HAVING sum(sign) > 0) AS f
  ON f.conversation_id = c.conversation_id
ORDER BY phone_number_id, wa_id, opened_at, category
