-- What the rule that applied at each event said, and the conversation it belongs to (named by
-- its opening message), into derive_events, from derive_ctx, the category openers and the FEP
-- conversations. v: 1 OPENED 2 REUSED 3 EXTENDED 4 FREE_ENTRY 5 IN_WINDOW 0 none (not
-- delivered); guard_ok: the customer service window was open at a free-form send. Also per
-- event: the FEP it opens as conversation (fep_close, fep_ad_id), the next FEP start
-- (suppress_at: where a window it opened is closed early), and the FEP conversation of the
-- reply / entry message that opened one.
-- Per-message periods (pricing-models.md §3): an inbound is FREE_ENTRY inside an FEP window, else
-- 7 OPENED / 8 EXTENDED the customer service window (no conversation); a delivered outbound is a
-- charge of its own (charge = 1, v = 6, its pricing type before the free tier in ptype) unless P5
-- (a free-form send outside the customer service window that opens no FEP) leaves it without one.
INSERT INTO derive_events (bucket, phone_number_id, wa_id, message_id, idx, etype, t, ls, lb, v, conv_mid,
  fep_close, fep_ad_id, suppress_at, reply_conv_mid, entry_conv_mid, waba_id, direction,
  template_category, ts, delivered_at, country, local_date, entry_point, ad_id, free_form, guard_ok,
  send_local_date, pmp, svc_free, seg_end_ms, charge, ptype)
SELECT bucket, phone_number_id, wa_id, message_id, idx, etype, fromUnixTimestamp64Milli(t_ms, 'UTC'), ls, lb,
       vc.1 AS v, vc.2 AS conv_mid,
       if(cf_idx > 0, fromUnixTimestamp64Milli(cf_close, 'UTC'), NULL) AS fep_close,
       if(cf_idx > 0, cf_ad, '') AS fep_ad_id,
       if(next_reply_ms IS NULL, NULL, fromUnixTimestamp64Milli(assumeNotNull(next_reply_ms), 'UTC')) AS suppress_at,
       rf_mid AS reply_conv_mid, ef_mid AS entry_conv_mid,
       waba_id, direction, template_category, ts, delivered_at, country, local_date, entry_point, ad_id,
       free_form, guard_ok, send_local_date, pmp, svc_free, seg_end_ms,
       toUInt8(pmp = 1 AND etype IN (3, 4, 5, 6, 7) AND NOT (free_form = 1 AND guard_ok = 0 AND fep_now = 0)) AS charge,
       multiIf(charge = 0, '',
               fep_open = 1 OR fep_now = 1, 'FREE_ENTRY_POINT',
               (etype = 6 AND svc_free = 1) OR (etype = 4 AND uisw_free = 1 AND pin_ms > 0 AND pin_ms > t_ms - ls),
                 'FREE_CUSTOMER_SERVICE',
               'REGULAR') AS ptype
FROM (
  SELECT *,
         multiIf(
           etype = 9, (toUInt8(0), ''),
           fep_open = 1, (toUInt8(4), pf_mid),
           pmp = 1 AND etype IN (0, 1), (toUInt8(if(pin_ms > 0 AND pin_ms > t_ms - ls, 8, 7)), ''),
           etype IN (0, 1), (toUInt8(if(svc_break = 1, 1, 3)), svc_opener_mid),
           fep_now = 1, (toUInt8(4), rf_mid),
           pmp = 1, (toUInt8(6), ''),
           etype IN (3, 4, 5, 7), (toUInt8(if(cat.1 = idx, 1, 2)), cat.2),
           etype = 6, (toUInt8(5), if(svc_open = 1, svc_opener_mid, '')),
           (toUInt8(0), '')) AS vc
  FROM (
    SELECT *,
           max(if(opens, (idx, message_id), (toUInt32(0), '')))
             OVER (PARTITION BY bucket, phone_number_id, wa_id, etype ORDER BY idx
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cat
    FROM (
      SELECT c.bucket AS bucket, c.phone_number_id AS phone_number_id, c.wa_id AS wa_id,
             c.idx AS idx, c.t_ms AS t_ms, c.etype AS etype, c.ls AS ls, c.lb AS lb,
             c.message_id AS message_id, c.waba_id AS waba_id, c.direction AS direction,
             c.template_category AS template_category, c.ts AS ts, c.delivered_at AS delivered_at,
             c.country AS country, c.local_date AS local_date, c.entry_point AS entry_point,
             c.ad_id AS ad_id, c.free_form AS free_form, c.send_local_date AS send_local_date,
             c.prev_reply_idx AS prev_reply_idx, c.fep_open AS fep_open, c.fep_now AS fep_now,
             c.fep_entry_of AS fep_entry_of, c.next_reply_ms AS next_reply_ms,
             c.guard_ok AS guard_ok, c.svc_break AS svc_break, c.svc_opener_idx AS svc_opener_idx,
             c.svc_opener_mid AS svc_opener_mid, c.svc_open AS svc_open,
             c.pmp AS pmp, c.svc_free AS svc_free, c.uisw_free AS uisw_free, c.seg_end_ms AS seg_end_ms,
             c.pin_ms AS pin_ms,
             o.idx > 0 AS opens,
             pf.conv_mid AS pf_mid, rf.conv_mid AS rf_mid,
             -- an entry message delivered under CBP whose reply came under PMP keeps its CBP verdict
             if(ef.reply_pmp = 1 AND c.pmp = 0, '', ef.conv_mid) AS ef_mid,
             cf.conv_idx AS cf_idx, cf.close_ms AS cf_close, cf.entry_ad_id AS cf_ad
      FROM derive_ctx AS c
      LEFT JOIN derive_openers AS o
        ON o.bucket = c.bucket AND o.phone_number_id = c.phone_number_id AND o.wa_id = c.wa_id AND o.idx = c.idx
      LEFT JOIN derive_fep_convs AS pf
        ON pf.bucket = c.bucket AND pf.phone_number_id = c.phone_number_id AND pf.wa_id = c.wa_id AND pf.reply_idx = c.prev_reply_idx
      LEFT JOIN derive_fep_convs AS rf
        ON rf.bucket = c.bucket AND rf.phone_number_id = c.phone_number_id AND rf.wa_id = c.wa_id AND rf.reply_idx = c.idx
      LEFT JOIN derive_fep_convs AS ef
        ON ef.bucket = c.bucket AND ef.phone_number_id = c.phone_number_id AND ef.wa_id = c.wa_id AND ef.entry_idx = c.idx
      LEFT JOIN derive_fep_convs AS cf
        ON cf.bucket = c.bucket AND cf.phone_number_id = c.phone_number_id AND cf.wa_id = c.wa_id AND cf.conv_idx = c.idx
    )
  )
)
-- Reads Memory tables only: the comparisons optimize_and_compare_chain would add for index analysis
-- are of no use, and looking for them is a third of this statement's planning on a small batch.
SETTINGS optimize_and_compare_chain = 0
