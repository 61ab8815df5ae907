-- Every status line keeps what Meta decided (pricing: billable, pricing_model, category, type;
-- conversation: id, origin.type, expiration_timestamp), as staged (320). The columns join the
-- sorting key, so two status lines that differ only in what Meta said are both kept (the
-- ReplacingMergeTree would otherwise keep whichever merged last) and readers choose between them
-- by a rule (view meta_pricing); identical repeats still collapse.
ALTER TABLE statuses
  ADD COLUMN IF NOT EXISTS pricing_billable Enum8('' = 0, 'false' = 1, 'true' = 2),
  ADD COLUMN IF NOT EXISTS pricing_model LowCardinality(String),
  ADD COLUMN IF NOT EXISTS pricing_category LowCardinality(String),
  ADD COLUMN IF NOT EXISTS pricing_type LowCardinality(String),
  ADD COLUMN IF NOT EXISTS conversation_id String,
  ADD COLUMN IF NOT EXISTS conversation_origin_type LowCardinality(String),
  ADD COLUMN IF NOT EXISTS conversation_expiration_ts DateTime64(3, 'UTC'),
  MODIFY ORDER BY (message_id, status, ts, pricing_billable, pricing_model, pricing_category, pricing_type,
                   conversation_id, conversation_origin_type, conversation_expiration_ts)
