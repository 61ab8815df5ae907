-- GET /api/rejected: the rejected input lines of batch {batch} (0 = every batch), in input order,
-- each with its reason and its text as received (the pointer POST /api/ingest answers). Row type:
-- RejectedLineRow in api/routes/ingest.ts. The records of one line come in their order in it
-- (each kept, even two identical ones: migration 639). Numbers as RejectedLineRow's `number` in
-- Arrow (a UInt64 is a BigInt there): batch ids count batches (UInt32); a line number of an input
-- of any size as Float64, exact below 2^53.
SELECT toUInt32(l.batch_id) AS batch_id, source, toFloat64(l.line_no) AS line_no, reason, raw
FROM rejected_lines AS l FINAL
WHERE {batch:UInt64} = 0 OR l.batch_id = {batch:UInt64}
ORDER BY l.batch_id, l.line_no, rec_no, reason, raw
LIMIT {limit:UInt64}
