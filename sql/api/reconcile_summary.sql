-- The reconciliation by kind (view reconciliation as kept: reconciliation_kept) for the period and WABAs / phone numbers:
-- discrepancies, the messages they name, and the summed cost difference (Meta's decision minus
-- the rules', exact decimal string) per currency; null when any row of the group has no
-- computable cost (uncosted counts them), never a partial sum. Currency null where none applies
-- (CONVERSATION_SPLIT: the view writes '').
-- Counts as wacost_total (migration 703: Float64, a number in Arrow where a UInt64 is a BigInt
-- and ReconcileSummaryRow says number; exact to 2^53, a UInt32 wrapped past 4 billion).
SELECT kind, nullIf(currency, '') AS currency, discrepancies, messages, uncosted, if(uncosted > 0, NULL, wacost_money(total)) AS cost_difference
FROM (
  SELECT kind, currency, wacost_total(count()) AS discrepancies, wacost_total(uniqExact(message_id)) AS messages,
         wacost_total(countIf(isNull(r.cost_difference))) AS uncosted, sum(ifNull(r.cost_difference, 0)) AS total
  FROM reconciliation_kept AS r
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY kind, currency
)
ORDER BY kind, currency
