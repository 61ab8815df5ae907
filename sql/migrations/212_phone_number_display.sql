-- Each business phone number's display number as the webhooks' metadata spells it
-- ("display_phone_number", e.g. "15550001111"), learned at ingest (pipeline/12_phone_display):
-- the page shows it instead of the bare phone_number_id. The latest batch wins.
CREATE TABLE IF NOT EXISTS phone_number_display (
  phone_number_id String,
  display_phone_number String,
  batch_id UInt64
) ENGINE = ReplacingMergeTree(batch_id) ORDER BY phone_number_id
