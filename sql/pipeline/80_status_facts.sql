-- At the end of a batch: what is known of the delivery of its messages (those with facts,
-- collected in batch_fact_ids group by group), next to the message rows, under each message's
-- key after the batch. A message known only from status lines waits in message_keys. A message
-- whose facts were dropped (pipeline/32_batch_ids) gets a row without any, replacing the old one.
-- optimize_on_insert = 0: readers take FINAL (or argMax), so collapsing a group's duplicate rows while
-- inserting would only cost time.
INSERT INTO status_facts (bucket, phone_number_id, wa_id, message_id, version, st_delivered, st_failed)
SELECT k.1, k.2, k.3, message_id, wacost_line_version({batch:UInt64}, 0, 0), k.4, k.5
FROM (
  SELECT message_id, argMax((bucket, phone_number_id, wa_id, st_delivered, st_failed), version) AS k
  FROM message_keys
  WHERE h IN (SELECT cityHash64(message_id) FROM batch_fact_ids)
    AND message_id IN (SELECT message_id FROM batch_fact_ids)
  GROUP BY message_id
)
WHERE k.2 != ''
SETTINGS optimize_on_insert = 0
