-- Rejects, in a batch limited to some WABAs ({wabas}), every message and status line of a message
-- id stored under another WABA, or given on a line with another WABA's phone number
-- (batch_foreign_ids, pipeline/13_foreign_ids), whatever WABA the
-- line names and wherever it stands in the batch: a message line would move the message into the
-- key's WABA, a status line would change what another WABA is charged. The rejected copies are
-- added here (such a batch keeps every record's text, pipeline/10_parse); pipeline/16_foreign_drop
-- then removes the accepted originals.
INSERT INTO staged_records (line_no, rec_no, seq, kind, reason, raw, message_id)
SELECT s.line_no, s.rec_no, s.seq, 'reject',
       if(f.phone_number_id = '',
          concat('message id ', s.message_id, ' belongs to WABA ', f.waba_id,
                 ', which this API key may not write (it may write WABA ', arrayStringConcat({wabas:Array(String)}, ', '), ')'),
          concat('phone number ', f.phone_number_id, ' belongs to WABA ', f.waba_id,
                 ', which this API key may not write (it may write WABA ', arrayStringConcat({wabas:Array(String)}, ', '),
                 '): a message of it would change that WABA''s conversations')),
       s.raw, s.message_id
FROM staged_records AS s
-- one reason a message id (listed twice when both apply: the stored message's WABA is said)
INNER JOIN (
  SELECT message_id, w.1 AS waba_id, w.2 AS phone_number_id
  FROM (SELECT message_id, argMin((waba_id, phone_number_id), phone_number_id != '') AS w FROM batch_foreign_ids GROUP BY message_id)
) AS f ON f.message_id = s.message_id
WHERE s.kind IN ('message', 'status')
