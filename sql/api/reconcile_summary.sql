-- The reconciliation by kind (view reconciliation) for the period and WABAs / phone numbers:
-- discrepancies, the messages they name, and the summed cost difference (Meta's decision minus
-- the rules', exact decimal string) per currency; null when any row of the group has no
-- computable cost (uncosted counts them), never a partial sum. Currency null where none applies
-- (CONVERSATION_SPLIT: the view writes '').
-- Counts as UInt32 (number in Arrow; a UInt64 is a BigInt there, ReconcileSummaryRow says number):
-- the messages of one kind in a period of the WABAs asked, far below 4 billion.
SELECT kind, nullIf(currency, '') AS currency, discrepancies, messages, uncosted, if(uncosted > 0, NULL, wacost_money(total)) AS cost_difference
FROM (
  SELECT kind, currency, toUInt32(count()) AS discrepancies, toUInt32(uniqExact(message_id)) AS messages,
         toUInt32(countIf(isNull(r.cost_difference))) AS uncosted, sum(ifNull(r.cost_difference, 0)) AS total
  FROM reconciliation AS r
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY kind, currency
)
ORDER BY kind, currency
