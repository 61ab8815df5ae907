-- One verdict per message of the keys in derive_events (billing-rules.md, "Per-message
-- verdicts"), combining its delivery event with its send-time guardrail check. Read by
-- derive/30_verdicts*.sql, which write it to verdicts.
CREATE OR REPLACE VIEW derive_new_verdicts AS
SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category,
       verdict,
       if(attributed_mid = '', '', lower(hex(sipHash128(phone_number_id, wa_id, attributed_mid)))) AS conversation_id,
       if(judged_at_send, ts, delivery_t) AS event_at,
       if(judged_at_send, send_local_date, delivery_local_date) AS local_date,
       entry_point, ad_id, toUInt8(direction = 'inbound' AND entry_point != '' AND entry_conv != '') AS fep_entry
FROM (
  SELECT bucket, phone_number_id, wa_id, message_id,
         any(waba_id) AS waba_id, any(direction) AS direction, any(template_category) AS template_category,
         any(ts) AS ts, any(entry_point) AS entry_point, any(ad_id) AS ad_id,
         countIf(etype NOT IN (2, 9)) > 0 AS delivered,
         anyIf(v, etype NOT IN (2, 9)) AS dv,
         anyIf(conv_mid, etype NOT IN (2, 9)) AS dc,
         anyIf(t, etype NOT IN (2, 9)) AS delivery_t,
         anyIf(local_date, etype NOT IN (2, 9)) AS delivery_local_date,
         anyIf(local_date, etype IN (2, 9)) AS send_local_date,
         anyIf(v, etype = 2) AS guard,
         anyIf(reply_conv_mid, etype NOT IN (2, 9)) AS reply_conv,
         anyIf(entry_conv_mid, etype NOT IN (2, 9)) AS entry_conv,
         direction = 'outbound' AND template_category = '' AS free_form,
         -- precedence of billing-rules.md: an FEP-opening reply is FREE_ENTRY; else a free-form
         -- send outside the customer service window breaks the guardrail whatever happens
         -- next; else undelivered; else the rule that applied at delivery.
         multiIf(
           reply_conv != '', ('FREE_ENTRY', reply_conv),
           free_form AND guard = 6, ('OUTSIDE_SERVICE_WINDOW', ''),
           NOT delivered, ('NOT_DELIVERED', ''),
           free_form, ('IN_WINDOW', dc),
           entry_conv != '', ('FREE_ENTRY', entry_conv),
           (['OPENED', 'REUSED', 'EXTENDED', 'FREE_ENTRY', 'IN_WINDOW'][dv], dc)) AS vc,
         vc.1 AS verdict,
         vc.2 AS attributed_mid,
         verdict IN ('OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED') AS judged_at_send
  FROM derive_events
  GROUP BY bucket, phone_number_id, wa_id, message_id
)
