-- How many of the keys batch {batch} queued in buckets {lo}..{hi} were derived before (and so
-- may have live rows to compare with).
SELECT count() AS n
FROM conversation_keys
WHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
  AND (bucket, phone_number_id, wa_id) IN (
    SELECT bucket, phone_number_id, wa_id FROM derive_queue
    WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8})
