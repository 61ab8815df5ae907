-- How many message ids only status lines named so far (view unmatched_statuses) and how many
-- status records they hold, whole database: the ingest summary's count after every batch, and
-- what the webhook receiver watches to tell an operator, while it runs, of statuses for messages
-- it never stored (api/webhooks/unmatched.ts). A status sent again is one record (the view).
SELECT count() AS message_ids, sum(records) AS records
FROM unmatched_statuses
