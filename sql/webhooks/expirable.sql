-- How many stored delivery bodies received before {before} were ingested and derived: the ones
-- webhooks/expire forgets (never one still waiting for its derive).
SELECT count() AS n
FROM webhook_deliveries
WHERE received_at < {before:DateTime64(3, 'UTC')}
  AND id IN (SELECT id FROM webhook_derived)
