-- Each key's last restart point (derive/11_restarts): prefix_ms, the latest instant (ms, UTC) a
-- window opened by an event before its tail can be open; every event of the tail, and every
-- message a later batch may continue it with, is sent and delivered after it. Rows written
-- before this column read their reach (no tail: continued only after the reach, as before).
-- derived data: unchanged (what a later derive may skip reading; no rule reads it)
ALTER TABLE key_reach ADD COLUMN IF NOT EXISTS prefix_ms Int64 DEFAULT reach_ms
