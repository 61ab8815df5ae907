-- The data version: the id of the last finished batch (an ingest or a rebuild). Every change of
-- derived data ends with a finished batch, so the number moves whenever figures may have changed;
-- the API keys its results cache by it and GET /api/events announces it. 0 on an empty database.
SELECT toUInt64(max(batch_id)) AS version
FROM ingest_batches
WHERE finished_at IS NOT NULL
