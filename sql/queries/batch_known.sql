-- Whether batch {batch} exists, and the last batch (its number and source): `wacost rejected
-- --batch N` names the batches there are when N is none of them, rather than listing nothing.
SELECT countIf(batch_id = {batch:UInt64}) AS found, count() AS batches,
       max(batch_id) AS last, argMax(source, batch_id) AS last_source
FROM ingest_batches FINAL
