-- How many of the keys batch {batch} queued in buckets {lo}..{hi} were derived before (and so
-- may have live rows to compare with): none, and the slice writes its rows without comparing;
-- all of them, and they need not be listed again (derive/remember_keys). Keys found by a hash of
-- the key first, then exactly (as in derive/30_verdicts); each counted once, whatever parts the
-- table has not merged yet.
SELECT uniqExact(bucket, phone_number_id, wa_id) AS n
FROM conversation_keys
PREWHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
  AND cityHash64(bucket, phone_number_id, wa_id) IN (SELECT key_hash FROM derive_queued_keys(batch = {batch:UInt64}, lo = {lo:UInt8}, hi = {hi:UInt8}))
WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM derive_queued_keys(batch = {batch:UInt64}, lo = {lo:UInt8}, hi = {hi:UInt8}))
