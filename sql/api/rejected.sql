-- GET /api/rejected: the rejected input lines of batch {batch} (0 = every batch), in input order,
-- each with its reason and its text as received (the pointer POST /api/ingest answers). Row type:
-- RejectedLineRow in api/routes/ingest.ts. The records of one line come in their order in it
-- (each kept, even two identical ones: migration 639).
SELECT batch_id, source, line_no, reason, raw
FROM rejected_lines FINAL
WHERE {batch:UInt64} = 0 OR batch_id = {batch:UInt64}
ORDER BY batch_id, line_no, rec_no, reason, raw
LIMIT {limit:UInt64}
