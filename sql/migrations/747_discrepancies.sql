-- The reconciliation's discrepancies, kept: the rows and columns of view reconciliation (745),
-- brought up to date before each read of its panel, its CSV and `wacost reconcile` for the keys
-- marked since (reconcile_dirty, 749; core/reconcile.ts). The view reads every status line with
-- Meta's pricing: with pricing on each delivered message of the 10M benchmark it took 160-400 s
-- and ~10 GB per read (docs/reconcile.md), and the embedded engine did nothing else meanwhile.
-- Rows cancel by sign; sorted by every column so that only a row's own -1 cancels it; the
-- primary index is what the panel filters by (WABA and local day).
-- derived data: unchanged (filled whole on its first read: discrepancies_ready, 748)
CREATE TABLE IF NOT EXISTS discrepancies (
  kind String,
  level String,
  waba_id String,
  phone_number_id String,
  wa_id String,
  local_date Date,
  event_at DateTime64(3, 'UTC'),
  message_id String,
  template_name String,
  template_category LowCardinality(String),
  verdict LowCardinality(String),
  conversation_id String,
  conversation_category LowCardinality(String),
  derived_pricing_type String,
  derived_conversations UInt32,
  meta_pricing_model String,
  meta_billable Nullable(UInt8),
  meta_category String,
  meta_type String,
  meta_conversation_id String,
  meta_origin_type String,
  meta_cost Nullable(Decimal(18, 6)),
  derived_cost Nullable(Decimal(18, 6)),
  cost_difference Nullable(Decimal(18, 6)),
  currency String,
  sign Int8
) ENGINE = CollapsingMergeTree(sign)
PRIMARY KEY (waba_id, local_date, phone_number_id, wa_id, message_id, kind)
ORDER BY (waba_id, local_date, phone_number_id, wa_id, message_id, kind, level, event_at, template_name,
          template_category, verdict, conversation_id, conversation_category, derived_pricing_type,
          derived_conversations, meta_pricing_model, meta_billable, meta_category, meta_type,
          meta_conversation_id, meta_origin_type, meta_cost, derived_cost, cost_difference, currency)
SETTINGS allow_nullable_key = 1
