-- The keys batch {batch} queued for re-derive in buckets {lo}..{hi}, each once, with a hash of
-- each key (as 470, which this replaces). derive_queue holds a key once per group of the batch
-- that queued it until a merge (and, since inserts are no longer merged as they are written,
-- core/db/client.ts optimize_on_insert, once per row of an insert too): a key two groups queued
-- was counted twice in the batch's derive and joined twice in derive/11_restarts
-- (test/tail-continuation.test.ts). Parameterized view:
-- derive_queued_keys(batch = …, lo = …, hi = …).
CREATE OR REPLACE VIEW derive_queued_keys AS
SELECT bucket, phone_number_id, wa_id, cityHash64(bucket, phone_number_id, wa_id) AS key_hash
FROM derive_queue
WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
GROUP BY bucket, phone_number_id, wa_id
