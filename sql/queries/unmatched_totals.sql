-- How many message ids only status lines named so far and how many status records they hold,
-- whole database: the ingest summary's count after every batch, and what the webhook receiver
-- watches to tell an operator, while it runs, of statuses for messages it never stored
-- (api/webhooks/unmatched.ts). The same ids and records as view unmatched_statuses (a status sent
-- again is one record: statuses FINAL), without the columns only its list shows (statuses, first
-- and last instant): grouping them cost 0.6 s of every 10k-message batch with 10M stored, and
-- the ids' current keys are looked up by the hash message_keys is sorted by.
SELECT count() AS message_ids, sum(records) AS records
FROM (
  SELECT message_id, count() AS records
  FROM statuses FINAL
  WHERE message_id IN (
    SELECT message_id FROM message_keys
    WHERE h IN (SELECT h FROM message_keys WHERE phone_number_id = '')
    GROUP BY message_id HAVING argMax(phone_number_id, version) = '')
  GROUP BY message_id
)
