-- mv_spend_daily_conversations (442, grouped by 678) with the charge's country (762): the ledger
-- row's own, so the rollup by country is the ledger's. Its query modified in place, as 678 did: the
-- view writes to spend_daily (created in 039) throughout, and a rebuild refills it.
ALTER TABLE mv_spend_daily_conversations MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier, country,
       sum(n) AS conversations, sum(c) AS cost
FROM (
  SELECT waba_id, local_date, phone_number_id, market, category, base_pricing AS pricing_type, currency,
         if(close_reason = '', 'message', 'conversation') AS unit, '' AS tier, country,
         toInt64(sign) AS n,
         if(base_pricing = 'REGULAR', toDecimal128(sign, 0) * price, toDecimal128(0, 6)) AS c
  FROM conversation_changes
)
GROUP BY waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier, country
HAVING conversations != 0 OR cost != 0
