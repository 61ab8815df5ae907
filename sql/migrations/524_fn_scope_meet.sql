-- The WABAs two sets of delivery facts merged into one may count in (message_keys.st_wabas, 520):
-- empty = any, so empty is the identity; otherwise the WABAs both allow ([''] when none, which
-- names no WABA). Commutative and associative, so the order the facts arrive in does not matter.
CREATE OR REPLACE FUNCTION wacost_scope_meet AS (a, b) -> (
  multiIf(empty(a), b, empty(b), a, empty(arrayIntersect(a, b)), [''], arraySort(arrayIntersect(a, b)))
)
