-- mv_entry_daily (684) names an entry message's outcome by wacost_entry_outcome (722), the
-- definition view ctwa_volume (724) reads too: the same mapping as 684's, so the stored query is
-- the same (the engine writes the function's body in) and entry_daily's rows stay as they are.
-- derived data: unchanged (the same outcomes and sums: no rebuild)
ALTER TABLE mv_entry_daily MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, entry_point, ad_id, outcome, sum(n) AS messages
FROM (
  SELECT waba_id, local_date, phone_number_id, entry_point, ad_id,
         wacost_entry_outcome(fep_entry, verdict) AS outcome,
         toInt64(sign) AS n
  FROM verdicts
  WHERE direction = 'inbound' AND entry_point != ''
)
GROUP BY waba_id, local_date, phone_number_id, entry_point, ad_id, outcome
HAVING messages != 0
