-- Scratch space of one derive slice (derive/11_restarts): per key whose tail is kept (keep = 1:
-- a window of its events reaches past the present, so its next messages may land inside it), its
-- last restart point (prefix_ms, ms UTC). Memory, emptied with the slice.
-- derived data: unchanged (scratch of one derive slice)
CREATE TABLE IF NOT EXISTS derive_restarts (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  prefix_ms Int64,
  keep UInt8
) ENGINE = Memory
