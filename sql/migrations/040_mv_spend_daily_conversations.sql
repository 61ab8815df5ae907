-- Every conversation counts at its base pricing (REGULAR at its price, FREE_ENTRY_POINT at 0).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_spend_daily_conversations TO spend_daily AS
SELECT waba_id, local_date, phone_number_id, market, category, base_pricing AS pricing_type, currency,
       toInt64(sign) AS conversations,
       if(base_pricing = 'REGULAR', toDecimal128(sign, 0) * price, toDecimal128(0, 6)) AS cost
FROM conversation_changes
