-- Keeps every rejected line of the staged batch with its source, line number and reason.
INSERT INTO rejected_lines (batch_id, source, line_no, raw, reason)
SELECT batch_id, source, line_no, raw, reason
FROM staged_lines
WHERE kind = 'reject'
