-- Which of the asked WABA ids exist (have messages, charges, or are configured): unknown ones are
-- an error. verdict_daily counts every message (a WABA whose customers only wrote has no charge).
SELECT DISTINCT waba_id FROM (
  SELECT waba_id FROM spend_daily WHERE has({ids:Array(String)}, waba_id)
  UNION ALL
  SELECT waba_id FROM verdict_daily WHERE has({ids:Array(String)}, waba_id)
  UNION ALL
  SELECT waba_id FROM wabas WHERE has({ids:Array(String)}, waba_id)
)
