-- Keeps charge_countries (763) filled from the ledger's changes: every charge that appears and
-- may take a rank (the SERVICE charges of mv_service_conversations, the tiered per-message charges
-- of mv_tiered_charges), with its country as the ledger stores it.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_charge_countries TO charge_countries AS
SELECT run_id, conversation_id, country
FROM conversation_changes
WHERE sign > 0 AND base_pricing = 'REGULAR'
  AND (category = 'SERVICE' OR (close_reason = '' AND category IN ('UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL')))
