-- derive_appends (migration 561): the message ids whose only news in the group is an earlier
-- delivery of a stored outbound message (status lines alone; pipeline/51_derive_appends). Such a
-- row counts as appended, with since_ms the new delivery, and derive/05_keys continues the key
-- from its cached tail only when each of these ids is in that tail (else it derives it whole, as
-- every non-appending row did before). Empty on the rows written before.
-- derived data: unchanged (a working table emptied after each batch's derive; nothing derived is read from it)
ALTER TABLE derive_appends ADD COLUMN IF NOT EXISTS tail_ids Array(String)
