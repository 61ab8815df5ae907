-- Whether a demo load stopped before its end (bin/start.ts): a batch of the demo ({demo},
-- ingest/demo/load.ts) started and none of them finished; and whether any other ingest ran
-- (rebuilds aside): npm start finishes the demo only in a database that holds nothing else, never
-- adding it to the user's own data.
SELECT countIf(source = {demo:String}) > 0 AND countIf(source = {demo:String} AND finished_at IS NOT NULL) = 0 AS stopped,
       countIf(source NOT IN ({demo:String}, '(rebuild)')) > 0 AS other_data
FROM ingest_batches FINAL
