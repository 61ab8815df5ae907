-- How far each derived conversation key's past can still act (issue 9, continuation): reach_ms
-- is the latest instant (ms, UTC) up to which a window opened by one of its derived events (a
-- customer service window, a conversation, an entry message waiting for its reply, a free entry
-- point) can be open. A batch whose changes to a key are only new messages all later than its
-- reach continues the key from nothing instead of re-reading its history (derive/05_keys). Written
-- by every derive of the key (derive/remember_keys, before its rows): the row of the latest run
-- holds (argMax by run). A key listed here was derived at least once (its rows may be live).
CREATE TABLE IF NOT EXISTS key_reach (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  reach_ms Int64,
  run UInt64
) ENGINE = ReplacingMergeTree(run)
ORDER BY (bucket, phone_number_id, wa_id)
