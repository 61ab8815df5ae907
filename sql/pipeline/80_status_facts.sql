-- At the end of a batch: what is known of the delivery of its messages (those with facts,
-- collected in batch_fact_ids group by group), next to the message rows, under each message's
-- key after the batch: the facts that count for the message's WABA (pipeline/32_batch_ids). A
-- message known only from status lines waits in message_keys. A message without facts that count
-- gets a row without any only where the stored row under its key has some (batch_fact_ids.recheck:
-- its facts stopped counting, or it came back to a key it had before): decided by the stored row,
-- written only at the ends of batches, not by each group, so a batch cut into more groups writes
-- the same rows.
-- Each id's latest message_keys row is the batch's own: pipeline/55 wrote one for every id of
-- each of its groups (batch_fact_ids is a subset), with the version's top bits the batch, and no
-- later batch has written yet (at a batch's end, or when recovery re-does a stopped batch's end
-- before any other batch starts). So only the batch's rows are read (PREWHERE on the version's range,
-- which the engine checks before the hash, as in derive/10_events: the
-- other columns only of granules holding them): bench:live, 19k statuses of stored messages in a
-- micro-batch over 14M ids, 0.5 s -> 0.1 s, where looking the ids up by hash read every granule.
INSERT INTO status_facts (bucket, phone_number_id, wa_id, message_id, version, st_delivered, st_failed)
SELECT f.k.1, f.k.2, f.k.3, f.message_id, wacost_line_version({batch:UInt64}, 0, 0), f.k.4, f.k.5
FROM (
  SELECT message_id, argMax((bucket, phone_number_id, wa_id, st_delivered, st_failed), version) AS k
  FROM message_keys
  PREWHERE version BETWEEN wacost_line_version({batch:UInt64}, 0, 0) AND wacost_line_version({batch:UInt64} + 1, 0, 0) - 1 AND h IN (SELECT cityHash64(message_id) FROM batch_fact_ids)
  WHERE message_id IN (SELECT message_id FROM batch_fact_ids)
  GROUP BY message_id
) AS f
LEFT JOIN (
  -- whether the stored row under the key after the batch has facts, for the ids to recheck (few)
  SELECT message_id, argMax(st_delivered IS NOT NULL OR st_failed = 1, version) AS stored
  FROM status_facts
  WHERE (bucket, phone_number_id, wa_id, message_id) IN (
    SELECT k.1, k.2, k.3, message_id
    FROM (
      SELECT message_id, argMax((bucket, phone_number_id, wa_id), version) AS k
      FROM message_keys
      PREWHERE version BETWEEN wacost_line_version({batch:UInt64}, 0, 0) AND wacost_line_version({batch:UInt64} + 1, 0, 0) - 1 AND h IN (SELECT cityHash64(message_id) FROM batch_fact_ids WHERE recheck = 1)
      WHERE message_id IN (SELECT message_id FROM batch_fact_ids WHERE recheck = 1)
      GROUP BY message_id
    ))
  GROUP BY message_id
) AS s ON s.message_id = f.message_id
WHERE f.k.2 != '' AND (f.k.4 IS NOT NULL OR f.k.5 = 1 OR s.stored = 1)
