-- Everything the rules need to judge each event of derive_input, computed set-wise into
-- derive_ctx (no per-key state that grows):
-- - the free entry point before it (the last FEP reply before it; open if the event is before
--   its close), whether it is an FEP's reply (fep_now) or *the* entry message of one, and the
--   next FEP start after it, where every window still open is suppressed (rule 6);
-- - the customer service window (rule 4) at the send time of a non-template outbound: open when
--   an inbound was delivered in (send - service window, send] (guard_ok);
-- - the service conversation chain (rules 1-2, 6-8): delivered inbounds outside FEP windows
--   (svc_in) form sessions; one breaks (opens a new conversation) when the previous one has
--   closed (previous svc_in + service window <= t) or an FEP started since that inbound. Only
--   events of conversation-based periods take part, and a chain never runs across a change of
--   model (pricing-models.md §2: conversations close at CBP -> PMP, start fresh at PMP -> CBP).
-- - pin_ms: the latest delivered inbound before the event (the customer service window at its
--   delivery, pricing-models.md P1).
INSERT INTO derive_ctx (bucket, phone_number_id, wa_id, idx, t_ms, etype, ls, lb, message_id, waba_id, direction,
  template_category, ts, delivered_at, country, local_date, entry_point, ad_id, free_form, send_local_date,
  prev_reply_idx, fep_open, fep_now, fep_entry_of, next_reply_ms, guard_ok, svc_break, svc_opener_idx,
  svc_opener_mid, svc_open, pidx, pmp, seg, seg_end_ms, svc_free, uisw_free, pin_ms)
SELECT bucket, phone_number_id, wa_id, idx, t_ms, etype, ls, lb, message_id, waba_id, direction,
       template_category, ts, delivered_at, country, local_date, entry_point, ad_id, free_form,
       send_local_date, prev_reply_idx, fep_open, fep_now, fep_entry_of, next_reply_ms, guard_ok,
       svc_break, so.1 AS svc_opener_idx, so.2 AS svc_opener_mid, svc_open,
       pidx, pmp, seg, seg_end_ms, svc_free, uisw_free, pin_ms
FROM (
  SELECT *,
         -- the service conversation is open just before this event
         toUInt8(ps.1 > 0 AND ps.2 > t_ms AND prev_reply_idx < ps.1 AND ps.3 = seg) AS svc_open,
         toUInt8(svc_in AND NOT svc_open) AS svc_break,
         max(if(svc_break = 1, (idx, message_id), (toUInt32(0), '')))
           OVER (PARTITION BY bucket, phone_number_id, wa_id ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS so
  FROM (
    SELECT *,
           max(if(svc_in, (idx, t_ms + ls, seg), (toUInt32(0), toInt64(0), toUInt16(0))))
             OVER (PARTITION BY bucket, phone_number_id, wa_id ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS ps,
           max(if(etype IN (0, 1), t_ms, toInt64(0)))
             OVER (PARTITION BY bucket, phone_number_id, wa_id ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pin_ms
    FROM (
      SELECT e.bucket AS bucket, e.phone_number_id AS phone_number_id, e.wa_id AS wa_id, e.idx AS idx,
             e.t_ms AS t_ms, e.etype AS etype, e.ls AS ls, e.lb AS lb, e.message_id AS message_id,
             e.waba_id AS waba_id, e.direction AS direction, e.template_category AS template_category,
             e.ts AS ts, e.delivered_at AS delivered_at, e.country AS country, e.local_date AS local_date,
             e.entry_point AS entry_point, e.ad_id AS ad_id, e.free_form AS free_form,
             e.send_local_date AS send_local_date, e.pidx AS pidx, e.pmp AS pmp, e.seg AS seg,
             e.seg_end_ms AS seg_end_ms, e.svc_free AS svc_free, e.uisw_free AS uisw_free,
             -- inbound at the send instant itself counts (inbound before outbound)
             toUInt8(e.free_form = 1 AND g.t_ms + g.ls > e.send_ms) AS guard_ok,
             p.reply_idx AS prev_reply_idx,
             toUInt8(p.reply_idx > 0 AND p.close_ms > e.t_ms) AS fep_open,
             toUInt8(r.reply_idx > 0) AS fep_now,
             en.reply_idx AS fep_entry_of,
             if(n.reply_idx > 0, toNullable(n.reply_ms), NULL) AS next_reply_ms,
             e.etype IN (0, 1) AND NOT fep_open AND e.pmp = 0 AS svc_in
      FROM derive_input AS e
      ASOF LEFT JOIN derive_feps AS p
        ON p.bucket = e.bucket AND p.phone_number_id = e.phone_number_id AND p.wa_id = e.wa_id AND p.reply_idx < e.idx
      ASOF LEFT JOIN derive_feps AS n
        ON n.bucket = e.bucket AND n.phone_number_id = e.phone_number_id AND n.wa_id = e.wa_id AND n.reply_idx > e.idx
      LEFT JOIN derive_feps AS r
        ON r.bucket = e.bucket AND r.phone_number_id = e.phone_number_id AND r.wa_id = e.wa_id AND r.reply_idx = e.idx
      LEFT JOIN derive_feps AS en
        ON en.bucket = e.bucket AND en.phone_number_id = e.phone_number_id AND en.wa_id = e.wa_id AND en.entry_idx = e.idx
      ASOF LEFT JOIN (SELECT bucket, phone_number_id, wa_id, t_ms, ls FROM derive_input WHERE etype IN (0, 1)) AS g
        ON g.bucket = e.bucket AND g.phone_number_id = e.phone_number_id AND g.wa_id = e.wa_id AND g.t_ms <= e.send_ms
    )
  )
)
-- Reads Memory tables only: the comparisons optimize_and_compare_chain would add for index analysis
-- are of no use, and looking for them is a third of this statement's planning on a small batch.
SETTINGS optimize_and_compare_chain = 0
