-- Per key of a derive slice: continued = 2 when its new messages all come after its last restart
-- point and its tail of the latest run is cached (derive/05_keys: derived from key_tail_input's
-- rows of tail_run and the batch's own rows), and base_ms, the instant (ms, UTC) every window of
-- the events not read can reach: the old reach of a key continued after it (continued = 1), the
-- restart point of one continued from its tail, 0 for a key read whole.
-- derived data: unchanged (scratch of one derive slice)
ALTER TABLE derive_keys
  ADD COLUMN IF NOT EXISTS base_ms Int64,
  ADD COLUMN IF NOT EXISTS tail_run UInt64
