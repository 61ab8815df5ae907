-- Keys per bucket queued by batch {batch}, to cut its derive into slices, and (others) how many
-- keys other batches have queued: none, and the batch's entries are forgotten by emptying the
-- queue (derive/forget_all) instead of deleting them one by one.
SELECT bucket, countIf(batch_id = {batch:UInt64}) AS n, countIf(batch_id != {batch:UInt64}) AS others
FROM derive_queue GROUP BY bucket
