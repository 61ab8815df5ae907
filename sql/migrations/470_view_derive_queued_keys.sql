-- The keys batch {batch} queued for re-derive in buckets {lo}..{hi}, with a hash of each key: the
-- derive's statements find a key's stored rows by the hash first (a set of UInt64 is ~4x cheaper
-- to probe than one of (UInt8, String, String)), then by the key exactly. Parameterized view:
-- derive_queued_keys(batch = …, lo = …, hi = …).
CREATE OR REPLACE VIEW derive_queued_keys AS
SELECT bucket, phone_number_id, wa_id, cityHash64(bucket, phone_number_id, wa_id) AS key_hash
FROM derive_queue
WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
