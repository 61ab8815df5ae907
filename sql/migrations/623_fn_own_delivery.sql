-- What a message's own line says of its delivery (interfaces.md §1): a line without `status` is
-- a delivery at its `timestamp`, one with `delivered` or `read` a delivery at its
-- `status_timestamp` (which defaults to `timestamp`), any other status (`sent`, `failed`) none.
-- One rule, written once for derive/10_events (an outbound's delivery is the earliest of this and
-- its status lines'), pipeline/32_batch_ids (the own delivery kept in message_keys, migration 600)
-- and pipeline/51_derive_appends (the earliest instant the message's event can be at).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE OR REPLACE FUNCTION wacost_own_delivery AS (status, ts, status_ts) -> (
  multiIf(status = '', toNullable(ts), status IN ('delivered', 'read'), toNullable(status_ts),
          CAST(NULL AS Nullable(DateTime64(3, 'UTC'))))
)
