-- Counts verdict changes of entry messages into entry_daily (057, again over the table of 577).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_entry_daily TO entry_daily AS
SELECT waba_id, local_date, phone_number_id, entry_point, ad_id,
       multiIf(fep_entry = 1, 'FEP_STARTED', verdict = 'FREE_ENTRY', 'INSIDE_FEP',
               verdict = 'NOT_DELIVERED', 'NOT_DELIVERED', 'NO_FEP') AS outcome,
       toInt64(sign) AS messages
FROM verdicts
WHERE direction = 'inbound' AND entry_point != ''
