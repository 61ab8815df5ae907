-- The status lines' table again, sorted by every column (copied by 611, put in place by 612–614).
-- statuses (010) is a ReplacingMergeTree without a version: two rows equal on its sort key are one
-- line, and a merge keeps whichever it read last. The pricing fields (321) and wabas (540) joined
-- that key, but error_code, error_title and recipient_id (123) never did (ClickHouse adds to a sort
-- key only columns added in the same ALTER), so two failed lines at one instant that differ only in
-- Meta's error kept one of them, chosen by the order of ingest and merges: the support page's
-- failure text ("131047: Re-engagement message") depended on it. Here only identical lines collapse
-- (status lines accumulate: interfaces.md §1) and readers choose between the others by a rule
-- (sql/api/customer_messages.sql, view meta_pricing). The primary index is the table's first key,
-- what readers filter by (message_id); the rest orders rows within it. Same columns, same order.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE TABLE IF NOT EXISTS statuses_sorted (
  message_id String,
  status LowCardinality(String),
  ts DateTime64(3, 'UTC'),
  error_code String,
  error_title String,
  recipient_id String,
  pricing_billable Enum8('' = 0, 'false' = 1, 'true' = 2),
  pricing_model LowCardinality(String),
  pricing_category LowCardinality(String),
  pricing_type LowCardinality(String),
  conversation_id String,
  conversation_origin_type LowCardinality(String),
  conversation_expiration_ts DateTime64(3, 'UTC'),
  wabas Array(String),
  INDEX statuses_scoped length(wabas) TYPE minmax GRANULARITY 1
) ENGINE = ReplacingMergeTree
PRIMARY KEY (message_id, status, ts)
ORDER BY (message_id, status, ts, pricing_billable, pricing_model, pricing_category, pricing_type,
          conversation_id, conversation_origin_type, conversation_expiration_ts, wabas,
          error_code, error_title, recipient_id)
