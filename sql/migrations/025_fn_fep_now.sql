-- Does delivered outbound event e open a free entry point (rule 5)? Only when none is open and
-- an entry message delivered at most entry_reply_ms earlier is still waiting for a reply.
CREATE OR REPLACE FUNCTION wacost_fep_now AS (s, e) -> (
  e.4 IN (3, 4, 5, 6) AND NOT wacost_fep_open(s, e.1) AND wacost_entry_hit(s, e.1).2 > 0
)
