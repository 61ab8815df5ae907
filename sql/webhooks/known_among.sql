-- Which of these deliveries the engine already holds: stored in webhook_deliveries, or derived
-- (webhook_derived keeps the id when the body was forgotten). A delivery read back from the spool
-- at start is inserted only when neither lists it, so a replay of the spool changes nothing.
SELECT id FROM webhook_deliveries WHERE id IN {ids:Array(String)}
UNION DISTINCT
SELECT id FROM webhook_derived WHERE id IN {ids:Array(String)}
