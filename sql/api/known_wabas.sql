-- Which of the asked WABA ids exist (have data or are configured): unknown ones are an error.
SELECT DISTINCT waba_id FROM (
  SELECT waba_id FROM spend_daily WHERE has({ids:Array(String)}, waba_id)
  UNION ALL
  SELECT waba_id FROM wabas WHERE has({ids:Array(String)}, waba_id)
)
