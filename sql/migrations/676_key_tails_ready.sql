-- Which run's cached tail of a key is whole (derive/37_tails_ready): written after the run wrote
-- the key's rows and cached its tail's input (key_tail_input) and rows (key_tail_verdicts,
-- key_tail_conversations). derive/05_keys continues a key from its tail only when the run named
-- here is its latest derive (key_reach): a run stopped before this row leaves none, and the key
-- is derived whole. Memory, as the caches it vouches for.
-- derived data: unchanged (a cache's mark; nothing derived is read from it)
CREATE TABLE IF NOT EXISTS key_tails_ready (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  run UInt64
) ENGINE = Memory
