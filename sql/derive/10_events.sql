-- Folds every re-derived key's events through wacost_fold_step and writes one row per event
-- into derive_events. Keys: those queued by batch {batch} or, with {all} = 1, every key; in
-- both cases only buckets {lo}..{hi}, so large runs go slice by slice in bounded memory.
--
-- Events of a message (rules 2-4): its delivery (inbound at its timestamp unless failed;
-- outbound at the earliest delivered/read), plus, for a non-template outbound, the guardrail
-- check at its send time; a message that opens nothing gets a type-9 placeholder.
INSERT INTO derive_events
WITH
  (SELECT groupArray((toUnixTimestamp64Milli(effective_from), service_window_ms, business_window_ms,
                      fep_window_ms, entry_reply_window_ms))
   FROM (SELECT * FROM billing_settings ORDER BY effective_from)) AS cfg,
  queued AS (
    SELECT bucket, phone_number_id, wa_id FROM derive_queue
    WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
  )
SELECT x.bucket, x.phone_number_id, x.wa_id, x.message_id, x.idx, x.etype, x.t, x.ls, x.lb, x.v,
       x.conv_mid, x.fep_close, x.fep_ad_id, x.suppress_at, x.reply_conv_mid, x.entry_conv_mid,
       x.waba_id, x.direction, x.template_category, x.ts, x.delivered_at, x.country,
       toDate(fromUnixTimestamp64Milli(x.t_ms + toInt64(z.offset_s) * 1000, 'UTC')) AS local_date,
       x.entry_point, x.ad_id
FROM (
  SELECT
    bucket, phone_number_id, wa_id,
    e.3 AS message_id, toUInt32(j) AS idx, e.4 AS etype,
    fromUnixTimestamp64Milli(e.1, 'UTC') AS t, e.5 AS ls, e.6 AS lb,
    o.1 AS v, cm AS conv_mid,
    arrayFirst(f -> f.3 = j, feps) AS fepc,
    arrayFirst(f -> f.1 > j, feps) AS supp,
    arrayFirst(f -> f.1 = j, feps) AS rep,
    arrayFirst(f -> f.2 = j, feps) AS ent,
    if(fepc.1 > 0, fromUnixTimestamp64Milli(fepc.4, 'UTC'), NULL) AS fep_close,
    if(fepc.1 > 0, fepc.7, '') AS fep_ad_id,
    if(supp.1 > 0, fromUnixTimestamp64Milli(supp.5, 'UTC'), NULL) AS suppress_at,
    if(rep.1 > 0, rep.6, '') AS reply_conv_mid,
    if(ent.1 > 0, ent.6, '') AS entry_conv_mid,
    e.9 AS waba_id, e.10 AS direction, e.11 AS template_category, e.12 AS ts, e.13 AS delivered_at,
    e.14 AS country, e.1 AS t_ms, e.16 AS entry_point, e.15 AS ad_id
  FROM (
    SELECT bucket, phone_number_id, wa_id, evs, st.13 AS outs,
           arrayMap(x -> if(x.2 > 0, evs[x.2].3, ''), st.13) AS convm,
           -- free entry points: (reply, entry, conversation opener, close, reply t, opener id, entry ad)
           arrayMap(f -> (f.1, f.2, f.3, f.4, f.5, evs[f.3].3, evs[f.2].15), st.14) AS feps
    FROM (
      SELECT bucket, phone_number_id, wa_id,
             arraySort(x -> (x.1, x.2, x.3, x.4), groupArray(ev)) AS evs,
             arrayFold((s, x, i) -> wacost_fold_step(s, x, toInt32(i)), evs, arrayEnumerate(evs),
               CAST((0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, [], [], []),
                    'Tuple(Int64, Int32, Int64, Int32, Int64, Int32, Int64, Int32, Int64, Int32, Int64, Array(Tuple(Int64, Int32, UInt8)), Array(Tuple(UInt8, Int32)), Array(Tuple(Int32, Int32, Int32, Int64, Int64)))')) AS st
      FROM (
        SELECT m.bucket AS bucket, m.phone_number_id AS phone_number_id, m.wa_id AS wa_id,
               m.direction = 'outbound' AND m.template_category = '' AS free_form,
               if(m.direction = 'inbound',
                  if(m.status = 'failed' OR mi.st_failed = 1, NULL, toNullable(m.ts)),
                  multiIf(own IS NULL, mi.st_delivered, mi.st_delivered IS NULL, own,
                          least(assumeNotNull(own), assumeNotNull(mi.st_delivered)))) AS delivered,
               multiIf(m.status = '', toNullable(m.ts), m.status IN ('delivered', 'read'), toNullable(m.status_ts),
                       CAST(NULL AS Nullable(DateTime64(3, 'UTC')))) AS own,
               multiIf(m.direction = 'inbound', if(m.entry_point != '', 1, 0),
                       m.template_category = 'MARKETING', 3, m.template_category = 'UTILITY', 4,
                       m.template_category = 'AUTHENTICATION', 5, 6) AS dtype,
               m.country AS country,
               toUnixTimestamp64Milli(ifNull(delivered, m.ts)) AS dms,
               toUnixTimestamp64Milli(m.ts) AS sms,
               arrayLast(c -> c.1 <= dms, cfg) AS dcfg,
               arrayLast(c -> c.1 <= sms, cfg) AS scfg,
               arrayJoin(arrayConcat(
                 if(delivered IS NOT NULL,
                    [(dms, toUInt8(m.direction = 'outbound'), m.message_id, toUInt8(dtype), dcfg.2, dcfg.3, dcfg.4, dcfg.5)], []),
                 if(free_form,
                    [(sms, toUInt8(1), m.message_id, toUInt8(2), scfg.2, scfg.3, scfg.4, scfg.5)], []),
                 if(delivered IS NULL AND NOT free_form,
                    [(sms, toUInt8(m.direction = 'outbound'), m.message_id, toUInt8(9), scfg.2, scfg.3, scfg.4, scfg.5)], [])
               )) AS ev0,
               (ev0.1, ev0.2, ev0.3, ev0.4, ev0.5, ev0.6, ev0.7, ev0.8,
                m.waba_id, m.direction, m.template_category, m.ts, delivered, country, m.ad_id, m.entry_point) AS ev
        FROM (
          SELECT * FROM messages FINAL
          WHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
            AND ({all:UInt8} = 1 OR (bucket, phone_number_id, wa_id) IN queued)
        ) AS m
        LEFT JOIN (
          SELECT message_id, st_delivered, st_failed FROM status_facts FINAL
          WHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
            AND ({all:UInt8} = 1 OR (bucket, phone_number_id, wa_id) IN queued)
        ) AS mi ON mi.message_id = m.message_id
        WHERE m.deleted = 0
      )
      GROUP BY bucket, phone_number_id, wa_id
    )
  )
  ARRAY JOIN evs AS e, outs AS o, convm AS cm, arrayEnumerate(evs) AS j
) AS x
LEFT JOIN (SELECT waba_id, if(timezone = '', 'UTC', timezone) AS tz FROM wabas) AS w ON w.waba_id = x.waba_id
ASOF LEFT JOIN tz_offsets AS z ON z.timezone = ifNull(nullIf(w.tz, ''), 'UTC') AND z.from_utc <= x.t
