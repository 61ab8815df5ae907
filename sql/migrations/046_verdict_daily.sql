-- Rollup: messages per local day, WABA, phone number, verdict and template category (guardrail
-- breaks, undelivered messages, reused templates = charges avoided).
CREATE TABLE IF NOT EXISTS verdict_daily (
  waba_id String,
  local_date Date,
  phone_number_id String,
  verdict LowCardinality(String),
  template_category LowCardinality(String),
  messages Int64
) ENGINE = SummingMergeTree(messages) ORDER BY (waba_id, local_date, phone_number_id, verdict, template_category)
