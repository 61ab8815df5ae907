-- Charged conversations that have no price: live REGULAR conversations (not FREE_TIER) whose
-- market and category have no rate-card row in force on the local day they opened (a market the
-- rate card does not name, a day before its first effective_from, a category it lacks). The
-- derive's ASOF join finds no row and stores 0; readers print their cost as null and report
-- them (core/reports.ts, the ledger, the exports, the headline), never as a free 0.
-- The price test reads only a row's own columns, so it filters before rows collapse by sign (a
-- +1/−1 pair is kept or dropped together): usually nothing is left to collapse.
CREATE OR REPLACE VIEW unpriced_conversations AS
SELECT c.conversation_id AS conversation_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
       c.wa_id AS wa_id, c.market AS market, c.category AS category, c.local_date AS local_date,
       c.opening_message_id AS opening_message_id
FROM conversations AS c
LEFT JOIN (SELECT market, category, min(effective_from) AS first_from FROM rate_card GROUP BY market, category) AS r
  ON r.market = c.market AND r.category = c.category
WHERE c.base_pricing = 'REGULAR' AND (r.market = '' OR c.local_date < r.first_from)
GROUP BY conversation_id, waba_id, phone_number_id, wa_id, market, category, local_date, opening_message_id
HAVING sum(c.sign) > 0
  AND conversation_id NOT IN (SELECT conversation_id FROM free_tier GROUP BY conversation_id HAVING sum(sign) > 0)
