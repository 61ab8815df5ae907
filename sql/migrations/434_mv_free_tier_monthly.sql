-- Free-tier conversations used per WABA and month (the dashboard's gauge): CBP counts only.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_free_tier_monthly TO free_tier_monthly AS
SELECT waba_id, month, toInt64(sign) AS used FROM free_tier WHERE startsWith(counter, 'waba:')
