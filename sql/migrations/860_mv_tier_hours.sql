-- Feeds tier_hours (859) from every row written to tiered_charges (+1 a charge, -1 its
-- retraction), summed per inserted block.
-- derived data: unchanged (a rollup of tiered_charges, filled whole by 861)
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_tier_hours TO tier_hours AS
SELECT waba_id, market, category, month, toStartOfHour(opened_at) AS hour, sum(toInt64(sign)) AS n
FROM tiered_charges
GROUP BY waba_id, market, category, month, hour
