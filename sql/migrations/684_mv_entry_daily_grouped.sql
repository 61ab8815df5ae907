-- mv_entry_daily (579) sums each inserted block by the rollup's key itself (as 678 does for
-- mv_spend_daily_conversations: inserts are not merged as they are written).
-- derived data: unchanged (the rollups' sums stay as they are: no rebuild)
ALTER TABLE mv_entry_daily MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, entry_point, ad_id, outcome, sum(n) AS messages
FROM (
  SELECT waba_id, local_date, phone_number_id, entry_point, ad_id,
         multiIf(fep_entry = 1, 'FEP_STARTED', verdict = 'FREE_ENTRY', 'INSIDE_FEP',
                 verdict = 'NOT_DELIVERED', 'NOT_DELIVERED', 'NO_FEP') AS outcome,
         toInt64(sign) AS n
  FROM verdicts
  WHERE direction = 'inbound' AND entry_point != ''
)
GROUP BY waba_id, local_date, phone_number_id, entry_point, ad_id, outcome
HAVING messages != 0
