-- Copies every stored rejected line into the table sorted by its text too (615), before anything
-- is renamed or dropped (617–619): rejected lines are what a user fixes and sends again. Run again
-- after a crash half-way, it copies again: identical rows collapse there.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
INSERT INTO rejected_lines_sorted (batch_id, source, line_no, raw, reason, rejected_at)
SELECT batch_id, source, line_no, raw, reason, rejected_at FROM rejected_lines
