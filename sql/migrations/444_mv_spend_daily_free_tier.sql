-- Moves each FREE_TIER charge from REGULAR to FREE_TIER in the spend rollup (per-message ones
-- are counted per business phone number: counter 'phone:…').
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_spend_daily_free_tier TO spend_daily AS
SELECT waba_id, local_date, phone_number_id, market, 'SERVICE' AS category, pt AS pricing_type, currency,
       if(startsWith(counter, 'phone:'), 'message', 'conversation') AS unit, '' AS tier,
       if(pt = 'FREE_TIER', toInt64(sign), -toInt64(sign)) AS conversations,
       if(pt = 'FREE_TIER', toDecimal128(0, 6), -toDecimal128(sign, 0) * price) AS cost
FROM free_tier ARRAY JOIN ['FREE_TIER', 'REGULAR'] AS pt
