-- A SERVICE conversation entering the free tier moves from REGULAR (its price) to FREE_TIER (0);
-- leaving it moves back. Two signed rows per free_tier change.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_spend_daily_free_tier TO spend_daily AS
SELECT waba_id, local_date, phone_number_id, market, 'SERVICE' AS category, pt AS pricing_type, currency,
       if(pt = 'FREE_TIER', toInt64(sign), -toInt64(sign)) AS conversations,
       if(pt = 'FREE_TIER', toDecimal128(0, 6), -toDecimal128(sign, 0) * price) AS cost
FROM free_tier ARRAY JOIN ['FREE_TIER', 'REGULAR'] AS pt
