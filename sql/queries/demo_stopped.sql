-- Whether a demo load stopped before its end (bin/start.ts): a batch of the demo ({demo},
-- ingest/demo/load.ts) started and none of them finished; and whether any other ingest ran
-- (rebuild runs aside, migration 852: a recovery's too): npm start finishes the demo only in a
-- database that holds nothing else, never adding it to the user's own data. `any_batch`: whether
-- any ingest ran at all (rebuild runs aside): the demo is loaded only into a database that never
-- held any (one whose batches stored no message, statuses alone or a run killed before it stored
-- a message, got the demo: break-it trial).
SELECT countIf(source = {demo:String}) > 0 AND countIf(source = {demo:String} AND finished_at IS NOT NULL) = 0 AS stopped,
       countIf(source != {demo:String} AND NOT wacost_rebuild_run(source)) > 0 AS other_data,
       countIf(NOT wacost_rebuild_run(source)) > 0 AS any_batch
FROM ingest_batches FINAL
