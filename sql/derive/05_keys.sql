-- The keys of the slice (queued by batch {batch} in buckets {lo}..{hi}) into derive_keys: whether
-- each was derived before (known: listed in key_reach) and whether it is continued. A key is
-- continued when every group of the batch only appended new messages to it (derive_appends) and
-- the earliest of them comes strictly after its reach: no window its stored events opened can be
-- open then, and no rule lets a later event change an earlier one's verdict or conversation
-- unless such a window is open (a free entry point closes only windows open at its start; an
-- entry message waits for its reply only within its window). So deriving the new events alone
-- gives the rows a derive of the whole key would add, and the stored rows stay as they are.
-- key_reach is read by a hash of the key first, then exactly (as in derive/30_verdicts); its
-- latest run's row holds (argMax), whatever parts are not merged yet.
INSERT INTO derive_keys (bucket, phone_number_id, wa_id, key_hash, known, continued)
WITH queued_h AS (SELECT key_hash FROM derive_queued_keys(batch = {batch:UInt64}, lo = {lo:UInt8}, hi = {hi:UInt8})),
     queued AS (SELECT bucket, phone_number_id, wa_id FROM derive_queued_keys(batch = {batch:UInt64}, lo = {lo:UInt8}, hi = {hi:UInt8}))
SELECT q.bucket, q.phone_number_id, q.wa_id, q.key_hash, toUInt8(r.n > 0) AS known,
       toUInt8(a.appended = 1 AND (r.n = 0 OR a.since_ms > r.reach_ms)) AS continued
FROM derive_queued_keys(batch = {batch:UInt64}, lo = {lo:UInt8}, hi = {hi:UInt8}) AS q
LEFT JOIN (
  SELECT bucket, phone_number_id, wa_id, min(appended) AS appended, min(since_ms) AS since_ms
  FROM derive_appends
  WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
  GROUP BY bucket, phone_number_id, wa_id
) AS a ON a.bucket = q.bucket AND a.phone_number_id = q.phone_number_id AND a.wa_id = q.wa_id
LEFT JOIN (
  SELECT bucket, phone_number_id, wa_id, count() AS n, argMax(reach_ms, run) AS reach_ms
  FROM key_reach
  PREWHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8} AND cityHash64(bucket, phone_number_id, wa_id) IN queued_h
  WHERE (bucket, phone_number_id, wa_id) IN queued
  GROUP BY bucket, phone_number_id, wa_id
) AS r ON r.bucket = q.bucket AND r.phone_number_id = q.phone_number_id AND r.wa_id = q.wa_id
