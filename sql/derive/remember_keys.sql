-- The reach of each key of the slice (key_reach, migration 560), written before its rows so that a
-- derive interrupted in between finds the key known and not continuable, and compares on the next
-- try instead of writing twice. Per event: an inbound keeps the customer service window open for
-- the longest service window of the timeline (a later event's own window decides, rules 4 and P1),
-- an entry message also waits for its reply for the longest entry-reply window; a template opens
-- its category window for its own business window; a free entry point runs to its close; an
-- outbound message not delivered yet, whose delivery may still come (Meta's status seconds later),
-- the longest service window (as derive/11_restarts counts it: a message of the key within it is
-- then continued from the tail that holds it, never from the reach alone, whose tail would lack it
-- and leave its delivery to a whole derive); anything else reaches its own instant
-- (wacost_event_reach, migration 851). A greater reach only continues fewer keys from it. A key of
-- the slice without events (its messages moved away) reaches nothing (0). Keys: the slice's queued
-- keys (derive_keys) and, in a rebuild, every key with events. With it, the key's last restart
-- point (derive/11_restarts; never later than the reach) when its tail is kept, else its reach (it
-- is never continued from a tail).
INSERT INTO key_reach (bucket, phone_number_id, wa_id, reach_ms, prefix_ms, run)
WITH (SELECT max(service_window_ms) FROM billing_settings) AS max_ls,
     (SELECT max(entry_reply_window_ms) FROM billing_settings) AS max_lr
SELECT x.bucket, x.phone_number_id, x.wa_id, x.reach, if(p.keep = 1, least(p.prefix_ms, x.reach), x.reach), {run:UInt64}
FROM (
SELECT bucket, phone_number_id, wa_id, max(r) AS reach
FROM (
  SELECT bucket, phone_number_id, wa_id,
         greatest(toUnixTimestamp64Milli(t) + wacost_event_reach(etype, direction, lb, max_ls, max_lr),
                  if(fep_close IS NULL, toInt64(0), toUnixTimestamp64Milli(assumeNotNull(fep_close)))) AS r
  FROM derive_events
  UNION ALL
  SELECT bucket, phone_number_id, wa_id, toInt64(0) FROM derive_keys
)
GROUP BY bucket, phone_number_id, wa_id
) AS x
LEFT JOIN derive_restarts AS p ON p.bucket = x.bucket AND p.phone_number_id = x.phone_number_id AND p.wa_id = x.wa_id
