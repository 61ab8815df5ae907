-- Copies every stored rejected line into the table keyed by record too (639), before anything is
-- renamed or dropped (641–643): rejected lines are what a user fixes and sends again. A stored row
-- gets rec_no 0: the records the old key collapsed are gone, and those it kept differ in reason or
-- text, so they stay apart. Run again after a crash half-way, it copies again: identical rows
-- collapse there.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
INSERT INTO rejected_lines_records (batch_id, source, line_no, rec_no, raw, reason, rejected_at)
SELECT batch_id, source, line_no, 0, raw, reason, rejected_at FROM rejected_lines
