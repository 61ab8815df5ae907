-- The keys of the slice (queued by batch {batch} in buckets {lo}..{hi}) into derive_keys: whether
-- each was derived before (known: listed in key_reach) and whether it is continued. A key is
-- continued when every group of the batch only appended new messages to it (derive_appends) and
-- the earliest of them comes strictly after its reach: no window its stored events opened can be
-- open then, and no rule lets a later event change an earlier one's verdict or conversation
-- unless such a window is open (a free entry point closes only windows open at its start; an
-- entry message waits for its reply only within its window). So deriving the new events alone
-- gives the rows a derive of the whole key would add, and the stored rows stay as they are.
-- continued = 2 (from its tail): every group only appended to it, the earliest new message comes
-- after its last restart point (key_reach.prefix_ms) though not after its reach, and its tail of
-- the latest run is cached whole (key_tails_ready: its input, key_tail_input, and its live rows,
-- key_tail_verdicts and key_tail_conversations): the same holds of the events before that point,
-- so the tail and the new messages are derived alone, and derive/20_conversations and 30_verdicts
-- compare their rows with the cached ones. Not when the latest run is this batch itself: a
-- derive of it that was interrupted may have cached a tail that holds the batch's messages
-- already (it then compares whole). A group whose only news of a stored outbound message is an
-- earlier delivery (derive_appends.tail_ids, pipeline/51_derive_appends) appends too, at that
-- delivery: the key is continued from its tail when each such message is in the tail (an event
-- after the restart point, sent after prefix_ms) and since_ms, now also its new delivery, comes
-- after prefix_ms, so every event from the restart point on is still sent and delivered after it;
-- derive/10_events makes the message's event again with the delivery. Never from its reach
-- (continued = 1 reads no stored message). key_reach is read by a hash of the key first, then
-- exactly (as in derive/30_verdicts); its latest run's row holds (argMax), whatever parts are not
-- merged yet. With {few} = 1 (a slice of a few keys, core/derive.ts) key_reach and key_tails_ready
-- are also filtered by the queued keys themselves, which their primary key narrows to the granules
-- of those keys: a one-key batch with 10M stored read 1.65M rows of them (~120 ms), now ~240k
-- (~80 ms). Not for many keys: each granule then holds some, and the exact set costs more than it
-- saves (10k keys: 186 -> 212 ms; even at ~100); `{few} = 0 OR …` is then folded away.
-- The queued keys are read from derive_queue itself, not through the parameterized view
-- derive_queued_keys (the same rows): planning the view twice cost ~25 ms (76 -> 51 ms with no
-- key queued, 211 -> 189 ms with 10k, 10M stored).
INSERT INTO derive_keys (bucket, phone_number_id, wa_id, key_hash, known, continued, base_ms, tail_run)
-- the batch's queued keys of the slice (derive_queue holds a key once per group that queued it),
-- written once and named where read
WITH queued AS (SELECT bucket, phone_number_id, wa_id FROM derive_queue WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8}),
  queued_h AS (SELECT cityHash64(bucket, phone_number_id, wa_id) FROM queued)
SELECT q.bucket, q.phone_number_id, q.wa_id, q.key_hash, toUInt8(r.n > 0) AS known,
       toUInt8(multiIf(a.appended = 1 AND a.n_ids = 0 AND (r.n = 0 OR a.since_ms > r.reach_ms), 1,
                       a.appended = 1 AND r.n > 0 AND a.since_ms > r.prefix_ms AND r.last_run != {batch:UInt64}
                         AND t.run = r.last_run AND a.n_ids = ifNull(ti.n, 0), 2, 0)) AS continued,
       multiIf(continued = 1, r.reach_ms, continued = 2, r.prefix_ms, toInt64(0)) AS base_ms,
       if(continued = 2, r.last_run, toUInt64(0)) AS tail_run
FROM (SELECT bucket, phone_number_id, wa_id, cityHash64(bucket, phone_number_id, wa_id) AS key_hash FROM queued GROUP BY bucket, phone_number_id, wa_id) AS q
LEFT JOIN (
  SELECT bucket, phone_number_id, wa_id, min(appended) AS appended, min(since_ms) AS since_ms,
         length(groupUniqArrayArray(tail_ids)) AS n_ids
  FROM derive_appends
  WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
  GROUP BY bucket, phone_number_id, wa_id
) AS a ON a.bucket = q.bucket AND a.phone_number_id = q.phone_number_id AND a.wa_id = q.wa_id
LEFT JOIN (
  SELECT bucket, phone_number_id, wa_id, count() AS n, argMax(reach_ms, run) AS reach_ms,
         argMax(prefix_ms, run) AS prefix_ms, max(run) AS last_run
  FROM key_reach
  -- by the key's hash: a key of another hash-equal key is grouped apart and joins no queued key
  -- below. The exact filter of a few keys is in WHERE: tested only on the rows the hash let
  -- through (in PREWHERE it was tested on every row read, 10k keys: 186 -> 442 ms)
  PREWHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8} AND cityHash64(bucket, phone_number_id, wa_id) IN queued_h
  WHERE {few:UInt8} = 0 OR (bucket, phone_number_id, wa_id) IN queued
  GROUP BY bucket, phone_number_id, wa_id
) AS r ON r.bucket = q.bucket AND r.phone_number_id = q.phone_number_id AND r.wa_id = q.wa_id
LEFT JOIN (
  SELECT bucket, phone_number_id, wa_id, max(run) AS run
  FROM key_tails_ready
  PREWHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8} AND cityHash64(bucket, phone_number_id, wa_id) IN queued_h
  WHERE {few:UInt8} = 0 OR (bucket, phone_number_id, wa_id) IN queued
  GROUP BY bucket, phone_number_id, wa_id
) AS t ON t.bucket = q.bucket AND t.phone_number_id = q.phone_number_id AND t.wa_id = q.wa_id
-- of the messages with an earlier delivery (tail_ids), how many each cached tail of the key holds
-- (a run done again may have cached a row twice: counted once); compared under the key's latest run.
-- The ids alone first (PREWHERE): the cache's ~2M rows are then read for their key columns only
-- where an id matches (410 → 180 ms for 15,000 ids in a 2M-row cache, measured at 14.9M stored).
-- An id goes to tail_ids only with a delivery from the batch's status lines, which also gives the
-- batch status facts (pipeline/33_record_news fact_ids): with {facts} = 0 (none) the read is off.
LEFT JOIN (
  SELECT bucket, phone_number_id, wa_id, run, uniqExact(message_id) AS n
  FROM key_tail_input
  PREWHERE {facts:UInt8} = 1 AND message_id IN (
    SELECT arrayJoin(tail_ids) FROM derive_appends
    WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8} AND notEmpty(tail_ids))
  WHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
    AND (bucket, phone_number_id, wa_id, message_id) IN (
      SELECT bucket, phone_number_id, wa_id, arrayJoin(tail_ids)
      FROM derive_appends
      WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8} AND notEmpty(tail_ids))
  GROUP BY bucket, phone_number_id, wa_id, run
) AS ti ON ti.bucket = q.bucket AND ti.phone_number_id = q.phone_number_id AND ti.wa_id = q.wa_id AND ti.run = r.last_run
