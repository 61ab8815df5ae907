-- Rollup: entry messages (inbound from a click-to-WhatsApp ad or a Page button) per local day,
-- WABA, phone number, entry point, ad id and outcome: FEP_STARTED (it opened a free entry
-- point), INSIDE_FEP (a free window was already open), NO_FEP (no reply delivered within 24 h
-- of it, or an earlier entry message took the reply), NOT_DELIVERED.
CREATE TABLE IF NOT EXISTS entry_daily (
  waba_id String,
  local_date Date,
  phone_number_id String,
  entry_point LowCardinality(String),
  ad_id String,
  outcome LowCardinality(String),
  messages Int64
) ENGINE = SummingMergeTree(messages)
ORDER BY (waba_id, local_date, phone_number_id, entry_point, ad_id, outcome)
