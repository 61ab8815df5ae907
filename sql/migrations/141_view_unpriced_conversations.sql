-- Charged conversations that have no price: live REGULAR conversations (not FREE_TIER) whose
-- market and category have no rate-card row in force on the local day they opened (a market the
-- rate card does not name, a day before its first effective_from, a category it lacks). The
-- derive's ASOF join finds no row and stores 0; readers print their cost as null and report
-- them (core/reports.ts, the ledger, the exports, the headline), never as a free 0.
CREATE OR REPLACE VIEW unpriced_conversations AS
SELECT c.conversation_id AS conversation_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
       c.wa_id AS wa_id, c.market AS market, c.category AS category, c.local_date AS local_date,
       c.opening_message_id AS opening_message_id
FROM (SELECT * EXCEPT sign FROM conversations GROUP BY ALL HAVING sum(sign) > 0) AS c
LEFT JOIN (SELECT market, category, min(effective_from) AS first_from FROM rate_card GROUP BY market, category) AS r
  ON r.market = c.market AND r.category = c.category
WHERE c.base_pricing = 'REGULAR' AND (r.market = '' OR c.local_date < r.first_from)
  AND c.conversation_id NOT IN (SELECT conversation_id FROM free_tier GROUP BY conversation_id HAVING sum(sign) > 0)
