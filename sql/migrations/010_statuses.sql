-- Every accepted status line (they accumulate; an identical repeat collapses), kept for the
-- support timeline. Delivery facts used by the rules are folded into message_index.
CREATE TABLE IF NOT EXISTS statuses (
  message_id String,
  status LowCardinality(String),
  ts DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree ORDER BY (message_id, status, ts)
