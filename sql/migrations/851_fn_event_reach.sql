-- How far past its own instant an event of a key's timeline may reach (ms): an inbound keeps the
-- customer service window open for `service_ms` (the longest service window), an entry message
-- (etype 1) also waits for its reply for `entry_ms` (the caller's bound of the entry-reply window,
-- with or without the free entry point its reply may open), a template (etype 3, 4, 5, 7) opens its
-- category window for its own business window `lb`, an outbound message not delivered yet (etype
-- 9: its delivery may still come, Meta's status seconds later) the longest service window;
-- anything else reaches its own instant (0). One rule, written once for derive/11_restarts (the
-- upper bound of the reach a restart point is judged by, twice) and derive/remember_keys (each
-- key's reach, key_reach), which stated it three times.
-- derived data: unchanged (the same expression as before, named: nothing derived reads differently)
CREATE OR REPLACE FUNCTION wacost_event_reach AS (etype, direction, lb, service_ms, entry_ms) -> (
  multiIf(etype = 0, service_ms, etype = 1, greatest(service_ms, entry_ms),
          etype IN (3, 4, 5, 7), lb, etype = 9 AND direction = 'outbound', service_ms, toInt64(0))
)
