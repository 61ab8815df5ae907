-- Charged conversations with no price, per spend_daily group: the headline's "incomplete" count
-- read from the rollup instead of every conversation (unpriced_conversations, 141, scans the
-- whole conversations table: 1.6 s of every cold dashboard load at 3M messages). The same test
-- as 141 on the same inputs: REGULAR conversations (spend_daily has already moved free-tier ones
-- to FREE_TIER) whose market and category have no rate-card row in force on their local day.
-- Read with sum(conversations); test/unpriced.test.ts checks that both views agree.
CREATE OR REPLACE VIEW unpriced_daily AS
SELECT s.waba_id AS waba_id, s.local_date AS local_date, s.phone_number_id AS phone_number_id,
       s.market AS market, s.category AS category, s.conversations AS conversations
FROM spend_daily AS s
LEFT JOIN (SELECT market, category, min(effective_from) AS first_from FROM rate_card GROUP BY market, category) AS r
  ON r.market = s.market AND r.category = s.category
WHERE s.pricing_type = 'REGULAR' AND (r.market = '' OR s.local_date < r.first_from)
