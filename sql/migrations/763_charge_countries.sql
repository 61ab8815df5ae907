-- The country of each charge that can take a free-tier or volume-tier rank, by conversation_id
-- (the ledger row's country): derive/40_free_tier and derive/50_volume_tiers look it up, set-
-- filtered by `h`, to give free_tier and volume_tiers the country of the charge they price (their
-- sources, service_conversations and tiered_charges, carry none). A charge whose country changed
-- (a corrected line's own country) has a row per run that wrote it: the latest run's is read.
CREATE TABLE IF NOT EXISTS charge_countries (
  run_id UInt64,
  h UInt64 MATERIALIZED cityHash64(conversation_id),
  conversation_id String,
  country LowCardinality(String)
) ENGINE = ReplacingMergeTree(run_id)
ORDER BY (h, conversation_id)
