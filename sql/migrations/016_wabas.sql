-- WhatsApp Business Accounts: display name and the IANA time zone their months and rate-card
-- dates are counted in. A WABA not listed here uses UTC.
CREATE TABLE IF NOT EXISTS wabas (
  waba_id String,
  name String,
  timezone LowCardinality(String)
) ENGINE = MergeTree ORDER BY waba_id
