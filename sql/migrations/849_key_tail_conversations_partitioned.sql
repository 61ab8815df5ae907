-- key_tail_conversations (migration 805), partitioned by runs as key_tails_ready is (846), so the
-- cache's oldest runs are dropped whole. Replaced empty after key_tails_ready.
-- derived data: unchanged (a cache of live rows; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tail_conversations ENGINE = MergeTree
PARTITION BY intDiv(run, 4)
ORDER BY (bucket, phone_number_id, wa_id, run)
AS SELECT bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
          closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id,
          toUInt64(0) AS run
FROM conversations LIMIT 0
