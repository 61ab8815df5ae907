-- Turns the stored messages of the re-derived keys into events, numbered per key in the order
-- of rule 2 (time, inbound before outbound, then message_id), with the window lengths in force
-- at each, into derive_input. Keys: the slice's (derive_keys) or, with {all} = 1, every key; in
-- both cases only buckets {lo}..{hi}, so large runs go slice by slice in bounded memory. A key
-- derive/05_keys continues brings only the batch's own rows (message ids never seen before, so
-- no other version of them is stored; the latest line of each wins as FINAL would pick it), found
-- by the batch in the version's top bits (wacost_record_version, wacost_line_version) and by the
-- key's text, which the primary key cannot use: no per-key range of the big tables is read. The
-- batch is a range of versions, not `wacost_version_batch(version) = batch`: the engine then filters
-- the version column alone first and hashes only the keys of the batch's rows (a one-message
-- batch with 10M stored: ~80-400 ms -> ~25 ms for this read). A
-- key continued from its tail (continued = 2) brings those and its tail's events as the run
-- tail_run cached them (key_tail_input; an interrupted run may have cached a row twice: one per
-- message id); events are numbered after the union. Of a tail's outbound messages, those the batch
-- brings a delivery status for (its status_facts rows, read by the batch's version range as for
-- its own rows; derive/05_keys continued the key only when that delivery comes after the tail's
-- restart point) are made again like a stored message, from the cached row, with its delivery
-- the earliest of the cached one and the batch's facts: a status group only ever lowers the
-- delivery that counts (pipeline/32_batch_ids), so this is the delivery a whole derive takes (the
-- earliest of the message's own line and its facts). A status for a tail's inbound message
-- (a failure) derives the key whole (pipeline/51_derive_appends). With {facts} = 0 the caller
-- knows the batch wrote no status facts (pipeline/80_status_facts was not run for it: its
-- version range of status_facts is empty), so the reads of them are off: a constant-false
-- PREWHERE spares the engine their sets and plans (a 1k batch with 200k stored: ~210 -> ~150 ms of CPU).
--
-- One event per message (rules 2-4): its delivery (inbound at its timestamp unless failed;
-- outbound at the earliest delivered/read), or, when it was not delivered, a type-9 event at
-- its send time that opens nothing. A non-template outbound (free_form) is also judged at its
-- send time (send_ms) against the customer service window (derive/14_context.sql).
-- etype: 0 inbound, 1 inbound entry message (ctwa/page_cta), 3/4/5 delivered
-- MARKETING/UTILITY/AUTHENTICATION template, 6 delivered non-template outbound, 7 delivered
-- AUTHENTICATION template priced as AUTHENTICATION_INTERNATIONAL (pricing-models.md §5: at or
-- after its WABA and country's start), 9 not delivered.
--
-- Each event's pricing period (pricing-models.md §1): the timeline row in force at the local date
-- of its time (delivery, or send when not delivered), with the run of same-model rows it belongs
-- to and the instant that run ends in the WABA's zone: the first instant u of the next run's
-- first date D, i.e. the least u with u + offset(u) >= D 00:00, per offset range of tz_offsets.
INSERT INTO derive_input (bucket, phone_number_id, wa_id, idx, t_ms, etype, ls, lb, lf, lr, message_id, waba_id,
  direction, template_category, ts, delivered_at, country, local_date, entry_point, ad_id, free_form, send_ms,
  send_local_date, pidx, pmp, seg, seg_end_ms, svc_free, uisw_free)
WITH
  (SELECT groupArray((toUnixTimestamp64Milli(effective_from), service_window_ms, business_window_ms,
                      fep_window_ms, entry_reply_window_ms))
   FROM (SELECT * FROM billing_settings ORDER BY effective_from)) AS cfg,
  (SELECT groupArray((effective_from, model = 'PMP', service = 'free', utility_in_service_window = 'free'))
   FROM (SELECT * FROM pricing_models ORDER BY effective_from)) AS tl,
  -- per timeline row: the first row of its run of same-model rows, and the first row after it
  -- with another model (0: none)
  arrayMap(j -> arrayLastIndex((r, k) -> k <= j AND (k = 1 OR r.2 != tl[k - 1].2), tl, arrayEnumerate(tl)),
           arrayEnumerate(tl)) AS segs,
  arrayMap(j -> arrayFirstIndex((r, k) -> k > j AND r.2 != tl[j].2, tl, arrayEnumerate(tl)),
           arrayEnumerate(tl)) AS ends,
  zone_changes AS (
    SELECT timezone, groupArray((k, c)) AS kc
    FROM (
      SELECT timezone, k, min(greatest(f, l - o)) AS c
      FROM (
        SELECT timezone, toUnixTimestamp64Milli(from_utc) AS f, toInt64(offset_s) * 1000 AS o,
               leadInFrame(toUnixTimestamp64Milli(from_utc), 1, toInt64(32503680000000))
                 OVER (PARTITION BY timezone ORDER BY from_utc ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS nf
        FROM tz_offsets
      )
      ARRAY JOIN arrayEnumerate(tl) AS k
      WHERE (toInt64(toUnixTimestamp(toDateTime(tl[k].1, 'UTC'))) * 1000 AS l) - o < nf AND f < nf
      GROUP BY timezone, k
    )
    GROUP BY timezone
  ),
  full_h AS (SELECT key_hash FROM derive_keys WHERE continued = 0),
  full_keys AS (SELECT bucket, phone_number_id, wa_id FROM derive_keys WHERE continued = 0),
  cont_h AS (SELECT key_hash FROM derive_keys WHERE continued IN (1, 2)),
  cont AS (SELECT concat(phone_number_id, '|', wa_id) FROM derive_keys WHERE continued IN (1, 2)),
  tail_keys AS (SELECT bucket, phone_number_id, wa_id, tail_run FROM derive_keys WHERE continued = 2),
  -- the messages of keys continued from their tail with a delivery in the batch's status facts
  tail_st AS (
    SELECT bucket, phone_number_id, wa_id, message_id FROM status_facts
    PREWHERE {facts:UInt8} = 1 AND {all:UInt8} = 0 AND version BETWEEN wacost_line_version({batch:UInt64}, 0, 0) AND wacost_line_version({batch:UInt64} + 1, 0, 0) - 1
      AND cityHash64(bucket, phone_number_id, wa_id) IN (SELECT key_hash FROM derive_keys WHERE continued = 2)
    WHERE st_delivered IS NOT NULL AND (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM tail_keys)
  )
SELECT bucket, phone_number_id, wa_id,
       toUInt32(row_number() OVER (PARTITION BY bucket, phone_number_id, wa_id
                                   ORDER BY t_ms, direction = 'outbound', message_id, etype)) AS idx,
       t_ms, etype, ls, lb, lf, lr, message_id, waba_id, direction, template_category, ts, delivered_at, country,
       local_date, entry_point, ad_id, free_form, send_ms, send_local_date, pidx, pmp, seg, seg_end_ms, svc_free, uisw_free
FROM (
SELECT x.bucket AS bucket, x.phone_number_id AS phone_number_id, x.wa_id AS wa_id,
       x.t_ms AS t_ms, x.etype AS etype, x.ls AS ls, x.lb AS lb, x.lf AS lf, x.lr AS lr, x.message_id AS message_id,
       x.waba_id AS waba_id, x.direction AS direction, x.template_category AS template_category, x.ts AS ts,
       x.delivered_at AS delivered_at, x.country AS country,
       toDate(fromUnixTimestamp64Milli(x.t_ms + toInt64(z.offset_s) * 1000, 'UTC')) AS local_date,
       x.entry_point AS entry_point, x.ad_id AS ad_id, x.free_form AS free_form, x.sms AS send_ms,
       toDate(fromUnixTimestamp64Milli(x.sms + toInt64(zs.offset_s) * 1000, 'UTC')) AS send_local_date,
       toUInt16(greatest(arrayLastIndex(r -> r.1 <= local_date, tl), 1)) AS pidx,
       toUInt8(tl[pidx].2) AS pmp,
       toUInt16(segs[pidx]) AS seg,
       if(ends[pidx] = 0, toInt64(32503680000000), arrayFirst(kc -> kc.1 = ends[pidx], zc.kc).2) AS seg_end_ms,
       toUInt8(tl[pidx].3) AS svc_free,
       toUInt8(tl[pidx].4) AS uisw_free
FROM (
  SELECT m.bucket AS bucket, m.phone_number_id AS phone_number_id, m.wa_id AS wa_id,
         m.message_id AS message_id, m.waba_id AS waba_id, m.direction AS direction,
         m.template_category AS template_category, m.ts AS ts, m.country AS country,
         m.entry_point AS entry_point, m.ad_id AS ad_id,
         toUInt8(m.direction = 'outbound' AND m.template_category = '') AS free_form,
         if(m.direction = 'inbound',
            -- a line without status is a delivery that no failed status line undoes
            -- (interfaces.md §1)
            if(m.status = 'failed' OR (m.status != '' AND sf.st_failed = 1), NULL, toNullable(m.ts)),
            multiIf(own IS NULL, sf.st_delivered, sf.st_delivered IS NULL, own,
                    least(assumeNotNull(own), assumeNotNull(sf.st_delivered)))) AS delivered_at,
         m.own AS own,
         multiIf(m.direction = 'inbound', if(m.entry_point != '', 1, 0),
                 m.template_category = 'MARKETING', 3, m.template_category = 'UTILITY', 4,
                 m.template_category = 'AUTHENTICATION', if(ai.waba_id != '' AND dms >= ai.ai_ms, 7, 5), 6) AS dtype,
         toUnixTimestamp64Milli(ifNull(delivered_at, m.ts)) AS dms,
         toUnixTimestamp64Milli(m.ts) AS sms,
         if(delivered_at IS NOT NULL, dtype, 9) AS etype,
         if(delivered_at IS NOT NULL, dms, sms) AS t_ms,
         toUInt8(m.direction = 'outbound') AS ord,
         fromUnixTimestamp64Milli(t_ms, 'UTC') AS t,
         arrayLast(c -> c.1 <= t_ms, cfg) AS c,
         c.2 AS ls, c.3 AS lb, c.4 AS lf, c.5 AS lr
  FROM (
    SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, ts, country,
           entry_point, ad_id, status, deleted, wacost_own_delivery(status, ts, status_ts) AS own
    FROM (
      SELECT * FROM messages FINAL
      PREWHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
        AND ({all:UInt8} = 1 OR cityHash64(bucket, phone_number_id, wa_id) IN full_h)
      WHERE {all:UInt8} = 1 OR (bucket, phone_number_id, wa_id) IN full_keys
      UNION ALL
      SELECT * FROM messages
      PREWHERE {all:UInt8} = 0 AND version BETWEEN wacost_line_version({batch:UInt64}, 0, 0) AND wacost_line_version({batch:UInt64} + 1, 0, 0) - 1
        AND cityHash64(bucket, phone_number_id, wa_id) IN cont_h
      WHERE concat(phone_number_id, '|', wa_id) IN cont
      ORDER BY version DESC LIMIT 1 BY bucket, phone_number_id, wa_id, message_id
    )
    UNION ALL
    -- a tail's outbound message with a delivery status in the batch: its cached delivery stands
    -- for its own line's (the status facts are joined below as for the batch's own rows)
    SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, ts, country,
           entry_point, ad_id, '' AS status, toUInt8(0) AS deleted, delivered_at AS own
    FROM key_tail_input
    WHERE {facts:UInt8} = 1 AND (bucket, phone_number_id, wa_id, run) IN tail_keys AND direction = 'outbound'
      AND (bucket, phone_number_id, wa_id, message_id) IN tail_st
    LIMIT 1 BY bucket, phone_number_id, wa_id, message_id
  ) AS m
  LEFT JOIN (
    SELECT bucket, phone_number_id, wa_id, message_id, st_delivered, st_failed FROM status_facts FINAL
    PREWHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
      AND ({all:UInt8} = 1 OR cityHash64(bucket, phone_number_id, wa_id) IN full_h)
    WHERE {all:UInt8} = 1 OR (bucket, phone_number_id, wa_id) IN full_keys
    UNION ALL
    SELECT bucket, phone_number_id, wa_id, message_id, st_delivered, st_failed FROM status_facts
    PREWHERE {facts:UInt8} = 1 AND {all:UInt8} = 0 AND version BETWEEN wacost_line_version({batch:UInt64}, 0, 0) AND wacost_line_version({batch:UInt64} + 1, 0, 0) - 1
      AND cityHash64(bucket, phone_number_id, wa_id) IN cont_h
    WHERE concat(phone_number_id, '|', wa_id) IN cont
    ORDER BY version DESC LIMIT 1 BY bucket, phone_number_id, wa_id, message_id
  ) AS sf ON sf.bucket = m.bucket AND sf.phone_number_id = m.phone_number_id AND sf.wa_id = m.wa_id
         AND sf.message_id = m.message_id
  -- authentication-international: the earliest start listed for the WABA and country
  LEFT JOIN (SELECT waba_id, country, toUnixTimestamp64Milli(min(start)) AS ai_ms FROM auth_international
             GROUP BY waba_id, country) AS ai
    ON ai.waba_id = m.waba_id AND ai.country = m.country
  WHERE m.deleted = 0
) AS x
LEFT JOIN (SELECT waba_id, if(timezone = '', 'UTC', timezone) AS tz FROM wabas) AS w ON w.waba_id = x.waba_id
ASOF LEFT JOIN tz_offsets AS z ON z.timezone = ifNull(nullIf(w.tz, ''), 'UTC') AND z.from_utc <= x.t
ASOF LEFT JOIN tz_offsets AS zs ON zs.timezone = ifNull(nullIf(w.tz, ''), 'UTC') AND zs.from_utc <= x.ts
LEFT JOIN zone_changes AS zc ON zc.timezone = ifNull(nullIf(w.tz, ''), 'UTC')
UNION ALL
SELECT bucket, phone_number_id, wa_id, t_ms, etype, ls, lb, lf, lr, message_id, waba_id, direction, template_category,
       ts, delivered_at, country, local_date, entry_point, ad_id, free_form, send_ms, send_local_date, pidx, pmp,
       seg, seg_end_ms, svc_free, uisw_free
FROM key_tail_input
WHERE (bucket, phone_number_id, wa_id, run) IN tail_keys
  AND ({facts:UInt8} = 0 OR NOT (direction = 'outbound' AND (bucket, phone_number_id, wa_id, message_id) IN tail_st))
LIMIT 1 BY bucket, phone_number_id, wa_id, message_id
)
-- The implied comparisons optimize_and_compare_chain looks for would add nothing to the reads' ranges
-- (each bound above is a constant already); looking for them was ~10 % of this statement's planning.
SETTINGS optimize_and_compare_chain = 0
