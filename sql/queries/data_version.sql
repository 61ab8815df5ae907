-- The data version: the id of the last finished batch that stored or changed something (an ingest
-- with new or corrected records, or a rebuild). Every change of derived data ends with such a
-- batch, so the number moves whenever figures may have changed; the API keys its results cache by
-- it and GET /api/events announces it. A batch whose records were all refused, or all repeated
-- what was stored (a webhook delivery sent again under another body), changes no figure: it
-- leaves the number where it was, so open pages do not all refresh for nothing (fresh-user
-- trial). Its counts are null where not known (a rebuild, a batch from before migration 630):
-- such a batch counts as a change. 0 on an empty database.
SELECT toUInt64(max(batch_id)) AS version
FROM ingest_batches
WHERE finished_at IS NOT NULL
  AND (new_records IS NULL OR corrected_records IS NULL OR new_records + corrected_records > 0)
