-- What a message's own winning line says of its delivery, kept with its key so that a batch
-- whose only news of a stored message is a status that changes nothing derived (a `read` after
-- its `delivered`, a status Meta sent again, a delivery later than the line's own) queues no
-- re-derive (pipeline/50_derive_queue). own_kind: 1 inbound whose line has a status (a failed
-- status line fails it), 3 inbound without one (delivered, whatever status lines say), 2
-- outbound, 0 unknown (rows written
-- before this column, or an id known only from status lines: always re-derived). own_delivery:
-- an outbound line's own delivery instant (no status: its timestamp; delivered/read: its
-- status_ts), NULL when the line reports none.
ALTER TABLE message_keys
  ADD COLUMN IF NOT EXISTS own_kind UInt8,
  ADD COLUMN IF NOT EXISTS own_delivery Nullable(DateTime64(3, 'UTC'))
