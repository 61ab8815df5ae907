-- Rejected input lines, all or of batch {batch} (0 = all), in input order; the records of one line
-- rejected for one reason (each kept as its own text: migration 615) by their text.
SELECT batch_id, source, line_no, reason, raw
FROM rejected_lines FINAL
WHERE {batch:UInt64} = 0 OR batch_id = {batch:UInt64}
ORDER BY batch_id, line_no, reason, raw
