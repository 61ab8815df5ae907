-- The ledger rows of the cached tails (key_tail_input): for each key whose tail a run kept, the
-- live conversations and per-message charges its tail's events opened, as that run left them,
-- under the run. A later batch that continues the key from its tail compares its new rows with
-- these instead of reading the key's live rows from conversations (derive/20_conversations). A
-- cache, as key_tail_input: Memory, valid for a key only once key_tails_ready names its run.
-- derived data: unchanged (a cache of live rows; nothing derived is read from it)
CREATE TABLE IF NOT EXISTS key_tail_conversations ENGINE = Memory
AS SELECT bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
          closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id,
          toUInt64(0) AS run
FROM conversations LIMIT 0
