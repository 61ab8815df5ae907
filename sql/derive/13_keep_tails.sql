-- Keeps the tails of the slice's keys whose windows reach past the present (derive_restarts,
-- derive/11_restarts): their events after the last restart point, as derive/10_events made
-- them, under this run (key_tail_input), for a later batch that continues them
-- (derive/05_keys, continued = 2). Written before the key's rows: a run interrupted after this
-- has not written key_reach under this run, or is this batch's own (derive/05_keys compares whole
-- then), so its tail is never read alone.
INSERT INTO key_tail_input
SELECT i.*, {run:UInt64}
FROM derive_input AS i
INNER JOIN (SELECT bucket, phone_number_id, wa_id, prefix_ms FROM derive_restarts WHERE keep = 1) AS r
  ON r.bucket = i.bucket AND r.phone_number_id = i.phone_number_id AND r.wa_id = i.wa_id
WHERE i.t_ms > r.prefix_ms
