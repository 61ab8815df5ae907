-- Scratch space of one derive slice (derive/05_keys): the slice's queued keys, each with its hash
-- (the derive's statements find stored rows by the hash first), whether it was derived before
-- (known: its rows may be live and must be compared) and whether it is continued (its new
-- messages all come after its reach: derive/10_events reads only the batch's own rows of it, and
-- derive/20_conversations, 30_verdicts write its rows without reading live ones). Memory, emptied
-- with the slice.
CREATE TABLE IF NOT EXISTS derive_keys (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  key_hash UInt64,
  known UInt8,
  continued UInt8
) ENGINE = Memory
