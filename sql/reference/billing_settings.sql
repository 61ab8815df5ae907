-- The billing settings in force, oldest first (to re-write them with another free tier).
SELECT toString(effective_from) AS effective_from, service_window_ms, business_window_ms, fep_window_ms,
       entry_reply_window_ms, free_tier
FROM billing_settings ORDER BY effective_from
