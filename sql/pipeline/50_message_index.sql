-- Merges the staged batch into message_index: the last message line of an id sets its key and
-- version; status lines add to what is known of its delivery. Read-merge-write because
-- EmbeddedRocksDB replaces the whole value of a key.
INSERT INTO message_index
SELECT b.message_id,
       if(b.has_msg, b.new_bucket, o.bucket),
       if(b.has_msg, b.new_pn, o.phone_number_id),
       if(b.has_msg, b.new_wa, o.wa_id),
       if(b.has_msg, b.new_version, o.version),
       multiIf(o.st_delivered IS NULL, b.new_delivered, b.new_delivered IS NULL, o.st_delivered,
               least(assumeNotNull(o.st_delivered), assumeNotNull(b.new_delivered))),
       greatest(o.st_failed, b.new_failed)
FROM (
  SELECT message_id,
         max(kind = 'message') AS has_msg,
         argMaxIf(wacost_bucket(phone_number_id, wa_id), (line_no, rec_no), kind = 'message') AS new_bucket,
         argMaxIf(phone_number_id, (line_no, rec_no), kind = 'message') AS new_pn,
         argMaxIf(wa_id, (line_no, rec_no), kind = 'message') AS new_wa,
         maxIf(wacost_line_version(batch_id, line_no, rec_no), kind = 'message') AS new_version,
         minIf(toNullable(status_ts), kind = 'status' AND status IN ('delivered', 'read')) AS new_delivered,
         maxIf(toUInt8(status = 'failed'), kind = 'status') AS new_failed
  FROM staged_lines
  WHERE kind IN ('message', 'status')
  GROUP BY message_id
) AS b
LEFT JOIN message_index AS o ON o.message_id = b.message_id
