-- Spend per day from the ledger's changes: conversations and per-message charges (unit), REGULAR
-- at their first band's price (volume tiers are moved to their band by mv_spend_daily_volume_tiers).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_spend_daily_conversations TO spend_daily AS
SELECT waba_id, local_date, phone_number_id, market, category, base_pricing AS pricing_type, currency,
       if(close_reason = '', 'message', 'conversation') AS unit, '' AS tier,
       toInt64(sign) AS conversations,
       if(base_pricing = 'REGULAR', toDecimal128(sign, 0) * price, toDecimal128(0, 6)) AS cost
FROM conversation_changes
