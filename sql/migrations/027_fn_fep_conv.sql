-- The conversation a free entry point opened by reply event (e, i) is: the entry message's own
-- service conversation when the entry opened it and it is still the open one (rule 6, it
-- becomes the FEP conversation), else a new one opened by the reply.
CREATE OR REPLACE FUNCTION wacost_fep_conv AS (s, e, i) -> (
  if(wacost_entry_hit(s, e.1).3 = 1 AND s.2 = wacost_entry_hit(s, e.1).2 AND wacost_svc_open(s, e.1),
     wacost_entry_hit(s, e.1).2, i)
)
