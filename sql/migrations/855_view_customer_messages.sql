-- Replaces 721 with the same rows and columns. The reply that opens a free-entry window says
-- "every other open window closed at this moment" only when one did: a conversation of the key
-- closed by it (close_reason fep at the reply's instant, billing rules 6); with none open it said
-- so anyway (fresh-user trial), and now it ends after the window's end. The FEP conversation
-- carries its key's fep-closing instants (one window over the conversations read once).
-- Otherwise as 721 (its description, and 720's, 697's, 513's and 491's, still hold).
CREATE OR REPLACE VIEW customer_messages AS
WITH
  convs AS (
    -- fep_cuts: when a free-entry window closed other conversations of the key (rule 6)
    SELECT *, groupArrayIf(closed_at, close_reason = 'fep') OVER (PARTITION BY phone_number_id, wa_id) AS fep_cuts
    FROM customer_conversations(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)},
                                wabas = {wabas:Array(String)}, from = toDate('1970-01-01'), to = toDate('2148-12-31'))
  ),
  -- one pass over the WABAs of the customers' live conversations gives both whether there is
  -- one (.1) and their timezone (.2: the WABAs' one, UTC when they differ or have none
  -- configured); with none, the timezone is that of the messages' WABAs (msg_tz, the same way)
  (SELECT (count() > 0, ifNull(if(uniqExact(tz) = 1, any(tz), 'UTC'), 'UTC'))
   FROM (SELECT if(w.timezone = '', 'UTC', w.timezone) AS tz
         FROM (SELECT DISTINCT waba_id FROM (
                 SELECT * EXCEPT sign FROM conversations
                 WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
                   AND wacost_in_filter({wabas:Array(String)}, waba_id)
                 GROUP BY ALL HAVING sum(sign) > 0)) AS c
         LEFT JOIN wabas AS w ON w.waba_id = c.waba_id)) AS conv,
  (SELECT ifNull(if(uniqExact(tz) = 1, any(tz), 'UTC'), 'UTC')
   FROM (SELECT if(w.timezone = '', 'UTC', w.timezone) AS tz
         FROM (SELECT DISTINCT waba_id FROM (
                 SELECT * EXCEPT sign FROM verdicts
                 WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
                   AND wacost_in_filter({wabas:Array(String)}, waba_id)
                 GROUP BY ALL HAVING sum(sign) > 0)) AS v
         LEFT JOIN wabas AS w ON w.waba_id = v.waba_id)) AS msg_tz,
  if(conv.1, conv.2, msg_tz) AS tz
SELECT f.waba_id AS waba_id, f.phone_number_id AS phone_number_id, f.wa_id AS wa_id, f.message_id AS message_id,
       f.sent_at AS sent_at, f.event_at AS event_at, f.direction AS direction, f.template_category AS template_category,
       f.template_name AS template_name, f.msg_type AS msg_type, f.entry_point AS entry_point, f.ad_id AS ad_id,
       if(if(f.verdict = 'CHARGED', c.pricing_type = 'FREE_TIER', 0), 'FREE_TIER', f.verdict) AS verdict,
       f.conversation_id AS conversation_id, c.category AS conversation_category,
       multiIf(c.category != '', c.category, f.template_category != '', f.template_category, 'SERVICE') AS lane,
       f.local_date AS local_date, tz AS timezone,
       toUInt8(if(f.local_date >= {from:Date}, f.local_date <= {to:Date}, 0)) AS in_period,
       lower(f.template_category) AS tcat,
       -- an entry message that started no free entry point: once 24 h have passed since it (by the
       -- server's clock, as the dashboard's AWAITING_REPLY, view ctwa_volume) it started none; until
       -- then it awaits its reply (billing rules 5; it read "started no free-entry window" 12
       -- minutes after it came: trial)
       if(if(f.entry_point != '', f.fep_entry = 0, 0),
          concat(' It came from ', if(f.entry_point = 'page_cta', 'the Page button ', 'ad '), f.ad_id,
                 if(f.event_at > now64(3, 'UTC') - INTERVAL 24 HOUR,
                    concat(' and awaits a business reply: one delivered by ', wacost_local_time(f.event_at + INTERVAL 24 HOUR, tz),
                           ' starts a free-entry window.'),
                    ' but started no free-entry window (that takes a business reply within 24 h of the earliest entry message).')),
          '') AS entry_note,
       if(f.conversation_id != '', c.close_reason = '', 0) AS charge_of_its_own,
       multiIf(
         if(charge_of_its_own, f.direction = 'outbound', 0), c.explanation,
         if(f.verdict = 'OPENED', f.conversation_id = '', 0),
           concat('Customer message: opened the customer service window until ',
                  wacost_local_time(f.event_at + toIntervalDay(1), tz),
                  ' (no charge; per-message pricing has no conversations).', entry_note),
         if(f.verdict = 'EXTENDED', f.conversation_id = '', 0),
           concat('Customer message inside the customer service window: it stays open until ',
                  wacost_local_time(f.event_at + toIntervalDay(1), tz), ' (no charge).', entry_note),
         f.verdict = 'OPENED',
           concat('Opened the ', lower(c.category), ' conversation: ',
                  multiIf(c.pricing_type = 'FREE_TIER', 'free (free tier).', c.unpriced = 1, 'charged; no price in the rate card.',
                          c.charged = 1, concat('charged ', assumeNotNull(c.cost), ' ', c.currency, '.'), 'no charge.'),
                  entry_note),
         f.verdict = 'REUSED',
           concat('No charge: ', tcat, ' template reused the ', tcat, ' window opened ',
                  wacost_local_time(c.opened_at, tz), ' (open until ', wacost_local_time(c.closed_at, tz), ').'),
         f.verdict = 'EXTENDED',
           concat('Customer message inside the service conversation opened ', wacost_local_time(c.opened_at, tz),
                  ': it stays open until 24 h after this message.', entry_note),
         if(f.verdict = 'FREE_ENTRY', f.fep_entry = 1, 0),
           concat('Entry message from ', if(f.entry_point = 'page_cta', 'the Page button ', 'ad '), f.ad_id,
                  ': the business replied within 24 h, so a free-entry window opened at the reply.'),
         if(f.verdict = 'FREE_ENTRY', if(f.direction = 'outbound', f.event_at = c.reply_at, 0), 0),
           concat('Reply to the entry message: opened the free-entry window (until ', wacost_local_time(c.closed_at, tz),
                  ')', if(has(c.fep_cuts, f.event_at), '; every other open window closed at this moment.', '.')),
         f.verdict = 'FREE_ENTRY',
           concat('Free: inside the free-entry window opened by the reply to ', if(c.entry_point = 'page_cta', 'the Page button ', 'ad '),
                  c.ad_id, ' (', wacost_local_time(ifNull(c.reply_at, c.opened_at), tz), ').'),
         f.verdict = 'IN_WINDOW',
           'Free-form reply inside the customer service window: free.',
         f.verdict = 'OUTSIDE_SERVICE_WINDOW',
           concat('Guardrail broken: free-form message sent ', wacost_local_time(f.sent_at, tz),
                  ' with no customer message in the 24 h before; WhatsApp rejects such sends (no conversation, no charge).'),
         f.failed = 1, 'Not delivered (failed): it opens nothing.',
         'Not delivered yet (no delivery status): it opens nothing until one arrives.') AS explanation
FROM customer_message_facts(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}, wabas = {wabas:Array(String)}) AS f
LEFT JOIN convs AS c ON c.conversation_id = f.conversation_id
WHERE if({message:String} = '', if(f.local_date >= {from:Date}, f.local_date <= {to:Date}, 0), f.message_id = {message:String})
