-- The customer's messages of the period (or the one message {message}), with the verdict in
-- words (view customer_messages), in the order the rules take them, and for a failed send the
-- failure Meta reported on its status ("131047: Re-engagement message"; '' when none came), and
-- Meta's pricing decision for it (billable, pricing model, category, type, conversation id).
WITH
  -- the ids of every stored message of the customers' keys (a superset of the rows below: deleted
  -- ones too), to read statuses by message id instead of the whole table, with the WABA of each
  -- one's latest live row there: a status line shows only where it was admitted
  -- (wacost_status_admitted, migration 542; a line a key of WABA A sent for an id that is WABA B's
  -- message shows nothing on it). Read once, into one value (ids, WABAs): as a subquery named
  -- twice in each join below, it was planned and read four times (~35 ms of the query's ~650 ms
  -- CPU on the demo, 2026-12-07); transform() looks an id's WABA up in it
  (SELECT (groupArray(message_id), groupArray(waba_id)) FROM (
     SELECT message_id, argMaxIf(waba_id, version, deleted = 0) AS waba_id FROM messages
     WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
     GROUP BY message_id)) AS keyed
SELECT m.message_id AS message_id, waba_id, phone_number_id, wa_id, sent_at, event_at, direction, template_category,
       template_name, msg_type, entry_point, ad_id, verdict, conversation_id, conversation_category, lane,
       explanation,
       timezone, ifNull(f.failure, '') AS failure,
       -- what Meta decided (as view meta_pricing, from the message's status lines), beside the rules' verdict:
       -- meta_billable null when Meta said nothing
       mp.meta_billable AS meta_billable, mp.meta_pricing_model AS meta_pricing_model, mp.meta_category AS meta_category,
       mp.meta_type AS meta_type, mp.meta_conversation_id AS meta_conversation_id, mp.meta_origin_type AS meta_origin_type
FROM customer_messages(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)},
                       wabas = {wabas:Array(String)}, from = {from:Date}, to = {to:Date}, message = {message:String}) AS m
LEFT JOIN (
  -- failed statuses that carry Meta's error, read by message id: the earliest one shown per
  -- message, and of several failed lines at that instant that disagree (statuses keeps them all:
  -- migration 610) the least text, byte-wise: a choice that does not depend on which line was
  -- ingested or merged first (argMin alone took whichever it read first)
  SELECT s.message_id AS message_id, toNullable(min((s.ts, concat(s.error_code, ': ', s.error_title))).2) AS failure
  FROM statuses AS s
  WHERE s.status = 'failed' AND s.error_code != '' AND s.message_id IN keyed.1
    AND wacost_status_admitted(s.wabas, transform(s.message_id, keyed.1, keyed.2, ''))
  GROUP BY s.message_id
) AS f ON f.message_id = m.message_id
LEFT JOIN (
  -- view meta_pricing's choice (migrations 323, 545) over the parts of its lines shown on the
  -- message (view meta_pricing_parts, 544), read by message id (statuses are sorted by message_id)
  SELECT message_id, if(pm.3 = '', NULL, toUInt8(pm.3 = 'true')) AS meta_billable, pm.4 AS meta_pricing_model,
         pm.5 AS meta_category, pm.6 AS meta_type, c.3 AS meta_conversation_id, c.4 AS meta_origin_type
  FROM (
    SELECT p.message_id AS message_id, max(p.pm) AS pm, max(p.c) AS c
    FROM meta_pricing_parts AS p
    WHERE p.message_id IN keyed.1 AND wacost_status_admitted(p.wabas, transform(p.message_id, keyed.1, keyed.2, ''))
    GROUP BY p.message_id
  )
) AS mp ON mp.message_id = m.message_id
ORDER BY phone_number_id, wa_id, event_at, direction = 'outbound', message_id
