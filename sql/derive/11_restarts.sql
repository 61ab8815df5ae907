-- The last restart point of each key of the slice (issue 9, continuation inside open windows), into
-- derive_restarts. Event i of a key (derive_input, in idx order) is a restart point when every
-- window opened by the events before it ends no later than pm (the greatest of their reaches and
-- base_ms, the reach of the events not read: derive/05_keys) and every event from it on is sent and
-- delivered after pm (sm > pm; a free-form message is judged at its send, so its send counts). Then
-- no rule lets an event before it change one from it on, nor the other way (the argument of
-- derive/05_keys' continuation, cut at pm instead of the key's reach): a later batch whose messages
-- all come after pm derives the events from i on alone. A reach here is an upper bound of
-- derive/remember_keys' (wacost_event_reach, with an entry message's reply window and the free
-- entry point its reply may open, at the longest windows of any settings row), as a restart point
-- may only be later than needed. An outbound message not delivered yet (etype 9: sent, its delivery
-- still to come, as Meta's status says it seconds later) counts as reaching the longest service
-- window past its send: a key whose windows all closed keeps it in a tail while its delivered
-- status may come (a day), so that status continues the key from the tail (derive/05_keys needs the
-- message in the tail) instead of deriving it whole (bench:live: ~10k such keys of ~40k per
-- micro-batch, templates to customers without an open window); and a later message of the key
-- cannot put the restart point after it (the tail would lose it). A bound like the others: later
-- restart points only, a longer tail. prefix_ms = pm of the last restart point (none found: the
-- key's whole reach, so it is never continued from a tail). Only for the keys whose tail is kept
-- (keep = 1, derive/13_keep_tails), as no other key can be continued from one (derive/05_keys), so
-- the window functions sort only their events (a bulk load's or a rebuild's keys are mostly past):
-- a window of the key reaches past the present (its next messages may come inside it), the latest
-- instant the batch's new messages begin at (derive_appends; the history of its keys may hold later
-- messages of another time, as a log of another period does), or in a rebuild the slice's latest
-- event.
INSERT INTO derive_restarts (bucket, phone_number_id, wa_id, prefix_ms, keep)
WITH (SELECT max(service_window_ms) FROM billing_settings) AS max_ls,
     (SELECT max(entry_reply_window_ms) + max(fep_window_ms) FROM billing_settings) AS max_lrf,
     (SELECT max(since_ms) FROM derive_appends WHERE batch_id = {batch:UInt64} AND appended = 1) AS appended_to,
     if(appended_to > 0, appended_to, (SELECT max(t_ms) FROM derive_input)) AS present
SELECT bucket, phone_number_id, wa_id,
       if(countIf(sm > pm) > 0, argMaxIf(pm, idx, sm > pm), greatest(max(r), any(base_ms))) AS prefix_ms,
       toUInt8(1) AS keep
FROM (
  SELECT bucket, phone_number_id, wa_id, idx, r, base_ms,
         greatest(base_ms, max(r) OVER (PARTITION BY bucket, phone_number_id, wa_id ORDER BY idx
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS pm,
         min(since) OVER (PARTITION BY bucket, phone_number_id, wa_id ORDER BY idx
                          ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS sm
  FROM (
    SELECT e.bucket AS bucket, e.phone_number_id AS phone_number_id, e.wa_id AS wa_id, e.idx AS idx,
           e.t_ms + wacost_event_reach(e.etype, e.direction, e.lb, max_ls, max_lrf) AS r,
           least(e.t_ms, e.send_ms) AS since,
           k.base_ms AS base_ms
    FROM derive_input AS e
    LEFT JOIN derive_keys AS k
      ON k.bucket = e.bucket AND k.phone_number_id = e.phone_number_id AND k.wa_id = e.wa_id
    WHERE (e.bucket, e.phone_number_id, e.wa_id) IN (
      SELECT bucket, phone_number_id, wa_id FROM derive_input
      GROUP BY bucket, phone_number_id, wa_id
      HAVING max(t_ms + wacost_event_reach(etype, direction, lb, max_ls, max_lrf)) > present)
  )
)
GROUP BY bucket, phone_number_id, wa_id
