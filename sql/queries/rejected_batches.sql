-- The batches whose rejected lines `wacost rejected` lists with no --batch (queries/rejected.sql,
-- batch 0), in order: the lines listed of each, whether it stopped before finishing
-- (interrupted, as queries/batches.sql), and `again`, the first later batch of the same source
-- (0: none). An input stopped and ingested again lists the lines both runs stored once for each
-- run, and the rows alone could not tell them apart (break-it trial: 91 rows where a clean run
-- lists 50). Batch ids as UInt32 (they count batches), counts as Float64, as queries/batches.sql.
SELECT toUInt32(r.batch_id) AS batch, b.source AS source, toFloat64(r.n) AS lines,
       b.finished_at IS NULL AND i.batch_id != 0 AS interrupted,
       toUInt32(arrayFirst((x) -> x > r.batch_id, s.ids)) AS again
FROM (SELECT batch_id, count() AS n FROM rejected_lines FINAL GROUP BY batch_id) AS r
LEFT JOIN ingest_batches AS b FINAL ON b.batch_id = r.batch_id
LEFT JOIN interrupted_batches AS i ON i.batch_id = r.batch_id
LEFT JOIN (SELECT source, arraySort(groupArray(batch_id)) AS ids FROM ingest_batches FINAL GROUP BY source) AS s ON s.source = b.source
ORDER BY batch
