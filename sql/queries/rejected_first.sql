-- The first {limit} rejected lines of batch {batch} (line number and reason, in input order) and
-- how many there are in all: `ledger` and `verdicts` print them, since their temporary database is
-- gone by the time a user could run `wacost rejected`.
SELECT line_no, reason, count() OVER () AS total
FROM rejected_lines FINAL
WHERE batch_id = {batch:UInt64}
ORDER BY line_no, rec_no, reason
LIMIT {limit:UInt32}
