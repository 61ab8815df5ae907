-- batch_foreign_ids (523) also lists the group's message lines whose business phone number is
-- stored under a WABA outside the batch's (pipeline/13_foreign_ids): a key of one WABA wrote a
-- line with another WABA's phone number and changed that WABA's charges (trial). phone_number_id
-- is that phone number ('' for a message id stored under another WABA), so the rejection says which.
-- derived data: unchanged (a Memory table of one group's ingest)
ALTER TABLE batch_foreign_ids ADD COLUMN IF NOT EXISTS phone_number_id String DEFAULT ''
