-- Whether a status line admitted for the WABAs `wabas` (statuses.wabas, 540; empty = any) shows on
-- a message stored in WABA `waba`: the one rule every reader of status lines applies (view
-- meta_pricing, 545; sql/api/customer_messages.sql). A message not stored has no WABA ('' here),
-- on which only lines of unrestricted keys show.
CREATE OR REPLACE FUNCTION wacost_status_admitted AS (wabas, waba) -> (
  empty(wabas) OR (waba != '' AND has(wabas, waba))
)
