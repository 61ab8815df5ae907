-- What the reconciliation had to compare in the period and WABAs / phone numbers (local days),
-- one row: delivered, the messages it looks at (a live verdict other than NOT_DELIVERED: Meta
-- charges on delivery, view reconciliation_of), and compared, those of them a status line of
-- Meta's carrying its pricing or conversation names, as the reconciliation reads them (view
-- meta_pricing: the lines that show on the message). The reconciliation card says there is nothing
-- to compare when compared is 0: with no discrepancy it said "no status of Meta's priced a message
-- differently from the rules" for a key whose WABA held no data, and for messages no status of
-- Meta's priced (break-it trial). Counts as wacost_total (migration 703).
WITH delivered AS (
  SELECT message_id FROM verdicts
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
    AND verdict != 'NOT_DELIVERED'
  -- live rows only (a verdict replaced is cancelled by a row of sign -1), grouped by the five
  -- columns read: view live_verdicts (all 14) took 183 ms where this takes 97 (demo, whole period)
  GROUP BY message_id, waba_id, phone_number_id, local_date, verdict HAVING sum(sign) > 0
)
SELECT wacost_total(uniqExact(message_id)) AS delivered,
       wacost_total(uniqExactIf(message_id, message_id IN (SELECT message_id FROM meta_pricing WHERE message_id IN (SELECT message_id FROM delivered)))) AS compared
FROM delivered
