-- The conversation of each free entry point (rule 6), into derive_fep_convs: when *the* entry
-- message opened the service conversation that is still open at the reply, that conversation
-- becomes the FEP conversation (opened by the entry); otherwise the reply opens a new one.
-- (Under PMP, or when the reply comes after a change to PMP, no service conversation is open at
-- the reply: the window's row always starts at the reply, pricing-models.md P2 and §2.)
INSERT INTO derive_fep_convs (bucket, phone_number_id, wa_id, reply_idx, entry_idx, close_ms, conv_idx, conv_mid,
  entry_ad_id, reply_pmp)
SELECT f.bucket, f.phone_number_id, f.wa_id, f.reply_idx, f.entry_idx, f.close_ms,
       if(c.svc_open = 1 AND c.svc_opener_idx = f.entry_idx, f.entry_idx, f.reply_idx) AS conv_idx,
       if(c.svc_open = 1 AND c.svc_opener_idx = f.entry_idx, f.entry_mid, f.reply_mid) AS conv_mid,
       f.entry_ad_id, c.pmp
FROM derive_feps AS f
JOIN (SELECT bucket, phone_number_id, wa_id, idx, svc_open, svc_opener_idx, pmp FROM derive_ctx WHERE fep_now = 1) AS c
  ON c.bucket = f.bucket AND c.phone_number_id = f.phone_number_id AND c.wa_id = f.wa_id AND c.idx = f.reply_idx
