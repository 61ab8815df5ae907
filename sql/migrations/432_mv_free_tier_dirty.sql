-- Records which free-tier counts and months a derive run touched (both retracted and new
-- charges that take a rank), with each row's place in the order (opened_at, opening_message_id).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_free_tier_dirty TO free_tier_dirty AS
SELECT run_id, waba_id, toStartOfMonth(local_date) AS month, opened_at, opening_message_id, conversation_id,
       if(close_reason = '', concat('phone:', phone_number_id), concat('waba:', waba_id)) AS counter
FROM conversation_changes WHERE category = 'SERVICE' AND base_pricing = 'REGULAR'
