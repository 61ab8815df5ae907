-- Keeps every rejected line of the group with its source, line number and reason.
INSERT INTO rejected_lines (batch_id, source, line_no, raw, reason)
SELECT {batch:UInt64}, {source:String}, line_no, raw, reason
FROM staged_records
WHERE kind = 'reject'
