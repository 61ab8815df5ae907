-- Moves each tiered per-message charge from its first band's price (tier '') to its band.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_spend_daily_volume_tiers TO spend_daily AS
SELECT waba_id, local_date, phone_number_id, market, category, 'REGULAR' AS pricing_type, currency,
       'message' AS unit, t AS tier,
       if(t = '', -toInt64(sign), toInt64(sign)) AS conversations,
       if(t = '', -toDecimal128(sign, 0) * base_price, toDecimal128(sign, 0) * price) AS cost
FROM volume_tiers ARRAY JOIN ['', tier] AS t
