-- Two sets of per-WABA delivery facts (wacost_facts_of, 580) merged: per WABA ('' = any) the
-- earliest delivery and any failure, sorted by WABA. Commutative, associative and idempotent, so
-- neither the order the status lines arrive in, nor their batching, nor duplicates change it.
CREATE OR REPLACE FUNCTION wacost_facts_merge AS (fa, fb) -> (
  arrayMap(w -> (w, arrayMin(arrayMap(e -> e.2, arrayFilter(e -> e.1 = w, arrayConcat(fa, fb)))),
                    arrayMax(arrayMap(e -> e.3, arrayFilter(e -> e.1 = w, arrayConcat(fa, fb))))),
           arraySort(arrayDistinct(arrayMap(e -> e.1, arrayConcat(fa, fb)))))
)
