-- For a batch limited to some WABAs (an API key's, IngestOptions.wabas): the group's message ids
-- already stored as a message of another WABA, with that WABA (pipeline/13_foreign_ids). Their
-- message and status lines are rejected (pipeline/14_foreign_rejects). Memory, per group.
CREATE TABLE IF NOT EXISTS batch_foreign_ids (
  message_id String,
  waba_id String
) ENGINE = Memory
