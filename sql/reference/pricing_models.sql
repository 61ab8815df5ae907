-- The stored pricing-model timeline, oldest first (to re-write it with another free tier).
SELECT toString(effective_from) AS effective_from, model, service, free_tier, utility_in_service_window
FROM pricing_models ORDER BY effective_from
