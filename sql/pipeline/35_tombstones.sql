-- For every message line of the batch, a tombstone in each other key the message was stored
-- under (earlier in this batch, or in message_index from earlier batches), carrying the
-- winning version so it replaces the stale row there. Must run before 50_message_index.
INSERT INTO messages (bucket, phone_number_id, wa_id, message_id, version, deleted)
SELECT wacost_bucket(k.1, k.2), k.1, k.2, message_id, version, 1
FROM (
  SELECT n.message_id AS message_id, n.version AS version,
         arrayJoin(arrayFilter(x -> x != n.latest AND x.1 != '',
                               arrayDistinct(arrayPushBack(n.keys, (o.phone_number_id, o.wa_id))))) AS k
  FROM (
    SELECT message_id,
           argMax((phone_number_id, wa_id), (line_no, rec_no)) AS latest,
           groupUniqArray((phone_number_id, wa_id)) AS keys,
           max(wacost_line_version(batch_id, line_no, rec_no)) AS version
    FROM staged_lines WHERE kind = 'message'
    GROUP BY message_id
  ) AS n
  LEFT JOIN message_index AS o ON o.message_id = n.message_id
)
