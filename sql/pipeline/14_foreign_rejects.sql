-- Rejects, in a batch limited to some WABAs ({wabas}), every message and status line of a message
-- id stored under another WABA (batch_foreign_ids, pipeline/13_foreign_ids), whatever WABA the
-- line names and wherever it stands in the batch: a message line would move the message into the
-- key's WABA, a status line would change what another WABA is charged. The rejected copies are
-- added here (such a batch keeps every record's text, pipeline/10_parse); pipeline/16_foreign_drop
-- then removes the accepted originals.
INSERT INTO staged_records (line_no, rec_no, seq, kind, reason, raw, message_id)
SELECT s.line_no, s.rec_no, s.seq, 'reject',
       concat('message id ', s.message_id, ' belongs to WABA ', f.waba_id,
              ', which this API key may not write (it may write WABA ', arrayStringConcat({wabas:Array(String)}, ', '), ')'),
       s.raw, s.message_id
FROM staged_records AS s
INNER JOIN batch_foreign_ids AS f ON f.message_id = s.message_id
WHERE s.kind IN ('message', 'status')
