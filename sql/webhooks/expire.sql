-- Forgets the bodies of deliveries received before {before} whose records were ingested and
-- derived (WACOST_WEBHOOK_KEEP_DAYS). Their ids stay in webhook_derived, so Meta's late retry of
-- one is still skipped; a delivery that waits for its derive is never forgotten.
DELETE FROM webhook_deliveries
WHERE received_at < {before:DateTime64(3, 'UTC')}
  AND id IN (SELECT id FROM webhook_derived)
