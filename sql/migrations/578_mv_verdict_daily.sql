-- Counts verdict changes into verdict_daily (047, again over the table of 577).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_verdict_daily TO verdict_daily AS
SELECT waba_id, local_date, phone_number_id, verdict, template_category, toInt64(sign) AS messages
FROM verdicts
