-- The delivery facts of status lines admitted for the WABAs `wabas` (an API key's; empty = any),
-- kept per WABA: one (waba, earliest delivered, any failed) entry for each of them, or one entry
-- for '' (any WABA) when the lines were unrestricted; none when there is no fact. Kept apart per
-- WABA, not as the meet of every merged scope (wacost_scope_meet, 524): an unrestricted delivery
-- merged with a failure admitted for WABA A must still count when a correction moves the message
-- to WABA B (pipeline/32_batch_ids; test/status-scope-moved.test.ts).
CREATE OR REPLACE FUNCTION wacost_facts_of AS (wabas, delivered, failed) -> (
  if(delivered IS NULL AND failed = 0, [],
     arrayMap(w -> (w, delivered, failed), if(empty(wabas), [''], arraySort(arrayDistinct(wabas)))))
)
