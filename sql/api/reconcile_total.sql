-- The reconciliation in one line per currency (view reconciliation as kept: reconciliation_kept),
-- for the period and WABAs / phone numbers: the dashboard's headline says it ("Meta billed
-- differently: 616 discrepancies, cost difference +$35.92"). Every kind together: discrepancies,
-- uncosted (rows that have a cost but no computable difference: conversation splits are never
-- costed, docs/reconcile.md, so they are not counted here) and the summed cost difference (Meta's
-- decision minus the rules', exact decimal string), null when any costed row has none (never a
-- partial sum) or the currency's rows are splits only. Currency null where none applies
-- (CONVERSATION_SPLIT: the view writes ''). Counts as wacost_total (migration 703). No row when
-- there is no discrepancy (or no status carried Meta's pricing).
SELECT nullIf(currency, '') AS currency, discrepancies, uncosted,
       if(uncosted > 0 OR costed = 0, NULL, wacost_money(total)) AS cost_difference
FROM (
  SELECT currency, wacost_total(count()) AS discrepancies,
         wacost_total(countIf(kind != 'CONVERSATION_SPLIT' AND isNull(r.cost_difference))) AS uncosted,
         countIf(kind != 'CONVERSATION_SPLIT') AS costed, sum(ifNull(r.cost_difference, 0)) AS total
  FROM reconciliation_kept AS r
  WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY currency
)
ORDER BY currency IS NULL, currency
