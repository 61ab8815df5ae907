-- Country of each customer number (ISO alpha-2, '' when unknown), resolved once per wa_id by
-- libphonenumber-js in ingest/countries.ts; point lookups at derive time.
CREATE TABLE IF NOT EXISTS wa_countries (
  wa_id String,
  country String
) ENGINE = EmbeddedRocksDB PRIMARY KEY wa_id
