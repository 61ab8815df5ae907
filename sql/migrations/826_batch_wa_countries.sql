-- The group's customer numbers with their country (pipeline/24_group_countries: those
-- wa_country_keys held before the group; ingest/countries.ts adds those it resolves), read by
-- pipeline/25_unresolved_wa_ids and pipeline/40_messages, so that a group reads wa_country_keys
-- once: both scanned it for the group's hashes (~1M rows at 10M messages, every granule
-- selected by 10k random hashes). Memory, per group.
-- derived data: unchanged (a working table of the ingest; nothing derived is read from it)
CREATE TABLE IF NOT EXISTS batch_wa_countries (
  wa_id String,
  country String
) ENGINE = Memory
