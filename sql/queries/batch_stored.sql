-- The lines batch {batch} has stored: a batch that stopped counts those of the groups it stored
-- whole (core/batches.ts recordBatch 'so far' or 'stored'; its start row's 0 when none was).
SELECT lines FROM ingest_batches FINAL WHERE batch_id = {batch:UInt64}
