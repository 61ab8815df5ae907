-- What became of an entry message (click-to-WhatsApp or Page button, billing rules 5–7), from its
-- verdict: it started a free entry point (FEP_STARTED), came inside an open one (INSIDE_FEP), was
-- not delivered (NOT_DELIVERED), or got no reply that started one (NO_FEP: "no reply within
-- 24 h", once 24 h have passed; view ctwa_volume tells the younger ones AWAITING_REPLY). One
-- definition for the rollup mv_entry_daily (restated with it by 723; 684 wrote the same mapping
-- out) and view ctwa_volume (724). The engine writes a function's body into a view when the view
-- is stored, so a change here takes effect only where a new migration restates them (and the
-- rollup's then calls for a rebuild).
-- derived data: unchanged (a new function; nothing derived reads it until 723, which keeps 684's outcomes)
CREATE OR REPLACE FUNCTION wacost_entry_outcome AS (fep_entry, verdict) ->
  multiIf(fep_entry = 1, 'FEP_STARTED', verdict = 'FREE_ENTRY', 'INSIDE_FEP',
          verdict = 'NOT_DELIVERED', 'NOT_DELIVERED', 'NO_FEP')
