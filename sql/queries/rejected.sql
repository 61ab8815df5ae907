-- Rejected input lines, all or of batch {batch} (0 = all), in input order; the records of one line in
-- their order in it (each kept, even two identical ones: migration 639).
SELECT batch_id, source, line_no, reason, raw
FROM rejected_lines FINAL
WHERE {batch:UInt64} = 0 OR batch_id = {batch:UInt64}
ORDER BY batch_id, line_no, rec_no, reason, raw
