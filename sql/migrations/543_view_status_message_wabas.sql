-- The WABA of the message of every id that a WABA-limited status line named (statuses.wabas not
-- empty, migration 540): what decides whether such a line shows in view meta_pricing (545), which
-- reads the whole table (the customer's messages take the WABA of the rows they read). Like
-- pipeline/13_foreign_ids, the stored message decides, not the WABA a line claims: here through
-- its live verdict, which carries the message's WABA and is written in the same ingest as the
-- message (and again after a correction moves it), and which view reconciliation joins anyway.
-- Ids whose message is not stored have no row. The limited lines are found through the index of
-- 541 (length(wabas) > 0, the form it answers), their verdicts through the bloom filter over
-- verdicts.message_id (492). Measured with 1M messages and 3M status lines: no limited line 11 ms,
-- 1 in 1000 95 ms, every line limited 1.4 s (through message_keys and messages: 13 ms, 183 ms, 7.9 s).
CREATE OR REPLACE VIEW status_message_wabas AS
SELECT message_id, waba_id
FROM verdicts
WHERE message_id IN (SELECT message_id FROM statuses WHERE length(wabas) > 0)
GROUP BY message_id, waba_id
HAVING sum(sign) > 0
