-- Whether a demo load that stopped stored anything (bin/start.ts, when other data was ingested
-- since and the demo is never finished there): the lines of the groups its batches stored whole
-- (core/batches.ts recordBatch), and whether any message of theirs is stored (a group cut half-way
-- may have stored some; a message's version holds its batch: wacost_version_batch).
-- A demo load killed before storing anything was said "only part of it is stored" (break-it trial).
SELECT (SELECT sum(lines) FROM ingest_batches FINAL WHERE source = {demo:String}) AS lines,
       (SELECT count() FROM messages
        WHERE wacost_version_batch(version) IN (SELECT batch_id FROM ingest_batches FINAL WHERE source = {demo:String})) AS messages
