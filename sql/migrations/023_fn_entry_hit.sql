-- The earliest pending entry message (rule 5) that a reply delivered at t still qualifies for:
-- (reply deadline, event index, opened its service conversation); index 0 when none does.
CREATE OR REPLACE FUNCTION wacost_entry_hit AS (s, t) -> (arrayFirst(p -> p.1 > t, s.12))
