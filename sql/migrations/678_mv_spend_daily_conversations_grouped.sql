-- mv_spend_daily_conversations (442) sums each inserted block by the rollup's key itself: inserts
-- are no longer merged as they are written (core/db/client.ts, optimize_on_insert = 0), and
-- without this spend_daily kept one row per conversation change until a background merge (2.1M
-- rows for 14k after a rebuild of 13.6M messages, every panel reading them). A group that sums to
-- zero is left out, as the SummingMergeTree drops it at a merge.
-- derived data: unchanged (the rollups' sums stay as they are: no rebuild)
ALTER TABLE mv_spend_daily_conversations MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier,
       sum(n) AS conversations, sum(c) AS cost
FROM (
  SELECT waba_id, local_date, phone_number_id, market, category, base_pricing AS pricing_type, currency,
         if(close_reason = '', 'message', 'conversation') AS unit, '' AS tier,
         toInt64(sign) AS n,
         if(base_pricing = 'REGULAR', toDecimal128(sign, 0) * price, toDecimal128(0, 6)) AS c
  FROM conversation_changes
)
GROUP BY waba_id, local_date, phone_number_id, market, category, pricing_type, currency, unit, tier
HAVING conversations != 0 OR cost != 0
