-- Which of these deliveries were already derived (Meta's retries of a delivery, a replay).
SELECT DISTINCT id FROM webhook_derived WHERE id IN {ids:Array(String)}
