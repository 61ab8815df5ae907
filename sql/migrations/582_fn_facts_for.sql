-- What per-WABA delivery facts (wacost_facts_of, 580) say of a message stored in WABA `waba`:
-- (earliest delivery, any failure) over the lines admitted for any WABA ('') or for that one. An
-- unrestricted line counts in every WABA whatever it was merged with; a line of a key limited to
-- WABA A counts only while the message is A's (the rule of wacost_status_admitted, 542).
CREATE OR REPLACE FUNCTION wacost_facts_for AS (facts, waba) -> (
  (arrayMin(arrayMap(e -> e.2, arrayFilter(e -> e.1 = '' OR e.1 = waba, facts))),
   arrayMax(arrayMap(e -> e.3, arrayFilter(e -> e.1 = '' OR e.1 = waba, facts))))
)
