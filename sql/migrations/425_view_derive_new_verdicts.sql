-- One verdict per message of the keys in derive_events (billing-rules.md, "Per-message
-- verdicts"; pricing-models.md, "Verdicts under PMP"); each message is one event there. Replaces
-- 072. Precedence: an FEP-opening reply is FREE_ENTRY; else a free-form send outside the
-- customer service window breaks the guardrail whatever happens next (judged at its send time);
-- else undelivered; else a per-message charge is judged by its pricing type (CHARGED becomes
-- FREE_TIER when derive/40_free_tier ranks it free: queries/verdicts.sql); else the rule that
-- applied at its delivery (an entry message that started an FEP is FREE_ENTRY). A per-message
-- charge's conversation is its own ledger row. Read by derive/30_verdicts*.sql.
CREATE OR REPLACE VIEW derive_new_verdicts AS
SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category,
       vc.1 AS verdict,
       multiIf(charge = 1 AND vc.1 NOT IN ('OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED'),
                 lower(hex(sipHash128(phone_number_id, wa_id, message_id, 'message'))),
               vc.2 = '', '',
               lower(hex(sipHash128(phone_number_id, wa_id, vc.2)))) AS conversation_id,
       if(judged_at_send, ts, delivery_t) AS event_at,
       if(judged_at_send, send_local_date, delivery_local_date) AS local_date,
       entry_point, ad_id,
       toUInt8(direction = 'inbound' AND entry_point != '' AND entry_conv_mid != '') AS fep_entry
FROM (
  SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, ts,
         t AS delivery_t, local_date AS delivery_local_date, send_local_date, entry_point, ad_id,
         entry_conv_mid, charge,
         multiIf(
           reply_conv_mid != '', ('FREE_ENTRY', reply_conv_mid),
           free_form = 1 AND guard_ok = 0, ('OUTSIDE_SERVICE_WINDOW', ''),
           etype = 9, ('NOT_DELIVERED', ''),
           charge = 1, (multiIf(ptype = 'FREE_ENTRY_POINT', 'FREE_ENTRY',
                                ptype = 'FREE_CUSTOMER_SERVICE', 'FREE_CUSTOMER_SERVICE', 'CHARGED'), ''),
           free_form = 1, ('IN_WINDOW', conv_mid),
           entry_conv_mid != '', ('FREE_ENTRY', entry_conv_mid),
           (['OPENED', 'REUSED', 'EXTENDED', 'FREE_ENTRY', 'IN_WINDOW', '', 'OPENED', 'EXTENDED'][v], conv_mid)) AS vc,
         vc.1 IN ('OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED') AS judged_at_send
  FROM derive_events
)
