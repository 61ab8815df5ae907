-- key_tail_conversations (migration 675), the cached tails' live ledger rows, kept on disk (see
-- 802): read by key and run (derive/20_conversations), which the sort key serves. Replaced empty
-- (a Memory table is empty in the process that migrates).
-- derived data: unchanged (a cache of live rows; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tail_conversations ENGINE = MergeTree
ORDER BY (bucket, phone_number_id, wa_id, run)
AS SELECT bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
          closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id,
          toUInt64(0) AS run
FROM conversations LIMIT 0
