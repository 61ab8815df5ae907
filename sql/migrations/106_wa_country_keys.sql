-- wa_countries (012) sorted by a hash of wa_id, for the ingest: a group looks up all its customer
-- numbers with one set-filtered scan of `h` instead of one point lookup each. ingest/countries.ts
-- writes both (a view on an EmbeddedRocksDB table is not triggered); wa_countries stays for the
-- API's point lookups.
CREATE TABLE IF NOT EXISTS wa_country_keys (
  h UInt64 MATERIALIZED cityHash64(wa_id),
  wa_id String,
  country String
) ENGINE = ReplacingMergeTree
ORDER BY (h, wa_id)
