-- Keys per bucket queued by batch {batch}, to cut its derive into slices.
SELECT bucket, count() AS n FROM derive_queue WHERE batch_id = {batch:UInt64} GROUP BY bucket
