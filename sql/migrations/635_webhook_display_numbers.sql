-- Each display number the webhooks' metadata gave a business phone number ("display_phone_number"
-- of entry[].changes[].value.metadata), with the time of the latest webhook that gave it (the
-- greatest messages[]/statuses[] timestamp of its value object; 1970 when it holds neither),
-- learned at ingest (pipeline/12_phone_display). Replaces phone_number_display (212), which kept
-- one row per phone number, the latest batch's, and within a batch any() of its spellings: two
-- batches with two spellings showed the one ingested last, and a batch with two showed either, by
-- merge timing. Here a row per spelling keeps its latest time whatever the order of batches and
-- merges (the version is that time), and the view phone_number_labels shows the spelling of the
-- latest webhook, ties by the greater spelling: the same number for the same input in any order.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE TABLE IF NOT EXISTS webhook_display_numbers (
  phone_number_id String,
  display_phone_number String,
  seen_ts DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(seen_ts) ORDER BY (phone_number_id, display_phone_number)
