-- Replaces 063 with two changes: the free tier's size written with thousands separators ("the
-- 1,000 free service conversations"), and a conversation opened after a free-entry window cut the
-- previous one is AFTER_FEP only when the previous window would still have been open (business:
-- opened + the business window; service: cut + the service window, as settings then said);
-- otherwise the previous window had expired anyway (EXPIRED) and the explanation does not name the
-- free-entry window as the cause. Otherwise as 063:
-- Support investigation, step 2 (parameterized view): the customers' conversations with what
-- they cost and why, in words support can paste into a reply. Built only from the stored
-- conversations, free-tier ranks and verdicts (the one place explanations are written).
-- Parameters: {customers}, {phones}, {wabas} as in customer_message_facts; {from}..{to} local
-- days of the WABA. Rows: conversations opened in the period (in_period = 1, the ones whose
-- charges count) plus earlier ones a message of the period was attributed to (in_period = 0).
-- Times in the text are local to the customer's WABA (timezone column; UTC when they differ).
-- reason is a stable code the summary groups by: FIRST, EXPIRED, AFTER_FEP (no window of the
-- category open: none before / the previous expired / a free entry point closed it),
-- CROSS_CATEGORY or SERVICE_OPEN (a template charged although other windows were open),
-- FREE_TIER, FREE_ENTRY_POINT.
CREATE OR REPLACE VIEW customer_conversations AS
WITH
  -- Each WITH subquery runs once per reference, so conversations and facts are each read once
  -- here: neighbours come from a window over the key, message facts from one pass per key.
  conv AS (
    SELECT *, arraySort(x -> x.3, groupArray((conversation_id, category, opened_at, closed_at, close_reason))
                                    OVER (PARTITION BY phone_number_id, wa_id)) AS cs
    FROM (
      SELECT * EXCEPT sign FROM conversations
      WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)}))
        AND wacost_in_filter({wabas:Array(String)}, waba_id)
      GROUP BY ALL HAVING sum(sign) > 0
    )
  ),
  per_key AS (
    -- per key: the entry messages that started a free entry point, template names, each FEP's
    -- first reply, and the conversations the period's messages were attributed to
    SELECT phone_number_id, wa_id,
           arraySort(groupArrayIf((event_at, entry_point, ad_id), fep_entry = 1)) AS es,
           groupArrayIf((message_id, template_name), template_name != '') AS names,
           groupArrayIf((conversation_id, event_at), verdict = 'FREE_ENTRY' AND direction = 'outbound') AS replies,
           groupUniqArrayIf(conversation_id, conversation_id != '' AND local_date BETWEEN {from:Date} AND {to:Date}) AS touched
    FROM customer_message_facts(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)})
    GROUP BY phone_number_id, wa_id
  ),
  (SELECT ifNull(if(uniqExact(tz) = 1, any(tz), 'UTC'), 'UTC')
   FROM (SELECT if(w.timezone = '', 'UTC', w.timezone) AS tz
         FROM (SELECT DISTINCT waba_id FROM conversations
               WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)}))
                 AND wacost_in_filter({wabas:Array(String)}, waba_id)) AS c
         LEFT JOIN wabas AS w ON w.waba_id = c.waba_id)) AS tz,
  (SELECT groupArray((toDate(effective_from), free_tier)) FROM (SELECT * FROM billing_settings ORDER BY effective_from)) AS tiers,
  (SELECT groupArray((effective_from, business_window_ms, service_window_ms))
   FROM (SELECT * FROM billing_settings ORDER BY effective_from)) AS windows,
  tiered AS (
    SELECT conversation_id FROM free_tier WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY ALL HAVING sum(sign) > 0
  )
SELECT c.conversation_id AS conversation_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
       c.wa_id AS wa_id, c.country AS country, c.market AS market, c.category AS category,
       c.opened_at AS opened_at, c.closed_at AS closed_at, c.close_reason AS close_reason,
       c.opening_message_id AS opening_message_id,
       multiIf(t.conversation_id != '', 'FREE_TIER', c.base_pricing) AS pricing_type,
       if(pricing_type = 'REGULAR', c.price, toDecimal64(0, 6)) AS amount,
       wacost_money(amount) AS cost, c.currency AS currency,
       toUInt8(pricing_type = 'REGULAR' AND amount > 0) AS charged,
       toUInt8(c.close_reason = 'fep') AS suppressed,
       toUInt8(c.local_date BETWEEN {from:Date} AND {to:Date}) AS in_period,
       c.local_date AS local_date, tz AS timezone,
       arrayFirst(x -> x.1 = c.opening_message_id, k.names).2 AS template_name,
       arrayMap(x -> x.2, arrayFilter(x -> x.1 = c.conversation_id, k.replies)) AS my_replies,
       if(c.category = 'FREE_ENTRY_POINT', toNullable(if(empty(my_replies), c.opened_at, arrayMin(my_replies))), NULL) AS reply_at,
       arrayLast(e -> e.1 <= ifNull(reply_at, c.opened_at), k.es) AS entry,
       if(c.category = 'FREE_ENTRY_POINT', entry.2, '') AS entry_point,
       if(c.category = 'FREE_ENTRY_POINT', if(c.ad_id != '', c.ad_id, entry.3), '') AS ad_id,
       -- the previous conversation of the same category, and the windows open when this one opened
       arrayLast(x -> x.2 = c.category AND x.3 < c.opened_at, c.cs) AS prev,
       arrayMap(x -> lower(x.2), arrayFilter(x -> x.1 != c.conversation_id AND x.3 <= c.opened_at AND c.opened_at < x.4, c.cs)) AS open_then,
       lower(c.category) AS cat,
       arrayLast(x -> x.1 <= prev.3, windows) AS prev_window,
       c.category IN ('MARKETING', 'UTILITY', 'AUTHENTICATION') AS business,
       multiIf(c.category = 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', pricing_type = 'FREE_TIER', 'FREE_TIER',
               business AND hasAny(open_then, ['marketing', 'utility', 'authentication']), 'CROSS_CATEGORY',
               business AND has(open_then, 'service'), 'SERVICE_OPEN',
               prev.1 = '', 'FIRST',
               prev.5 = 'fep' AND c.opened_at < if(business, prev.3 + toIntervalMillisecond(prev_window.2),
                                                    prev.4 + toIntervalMillisecond(prev_window.3)), 'AFTER_FEP',
               'EXPIRED') AS reason,
       concat(
         multiIf(c.category = 'FREE_ENTRY_POINT',
                   concat('Free: free-entry window opened by the reply at ', wacost_local_time(ifNull(reply_at, c.opened_at), tz),
                          ' to the customer''s message from ', if(entry_point = 'page_cta', 'the Page button ', 'ad '), ad_id,
                          ' (', wacost_local_time(if(entry.1 > toDateTime64(0, 3, 'UTC'), entry.1, c.opened_at), tz),
                          '); it runs 72 h, until ', wacost_local_time(c.closed_at, tz),
                          ', and everything inside it is free.'),
                 concat(
                   multiIf(pricing_type = 'FREE_TIER', 'Free (free tier): ',
                           charged = 1, concat('Charged ', cost, ' ', c.currency, ': '),
                           concat('No charge (the rate card price is 0 ', c.currency, '): ')),
                   if(business,
                      concat(cat, ' template', if(template_name = '', '', concat(' `', template_name, '`')), ' delivered '),
                      'customer message delivered '),
                   wacost_local_time(c.opened_at, tz),
                   '; no ', cat, ' window was open',
                   multiIf(prev.1 = '', concat(' (first ', cat, ' conversation with this customer on this number)'),
                           reason = 'AFTER_FEP', concat(' (the previous one was closed at ', wacost_local_time(prev.4, tz), ' by a free-entry window)'),
                           concat(' (the previous one closed ', wacost_local_time(prev.4, tz), ')')),
                   '.',
                   multiIf(pricing_type = 'FREE_TIER',
                             concat(' It is within the ', wacost_count(arrayLast(x -> x.1 <= toStartOfMonth(c.local_date), tiers).2),
                                    ' free service conversations of ', formatDateTime(c.local_date, '%M %Y'), ' for this WABA.'),
                           c.category = 'SERVICE',
                             concat(' The WABA''s free tier for ', formatDateTime(c.local_date, '%M %Y'), ' was already used up.'),
                           reason = 'CROSS_CATEGORY',
                             concat(' Other windows were open (', arrayStringConcat(open_then, ', '),
                                    '), but each category has its own window: a template of a different category opens its own conversation.'),
                           reason = 'SERVICE_OPEN',
                             ' The customer service window was open, but a template always opens a window of its own category (a free-form reply would have been free).',
                           ''))),
         if(c.close_reason = 'fep',
            concat(' Closed early at ', wacost_local_time(c.closed_at, tz), ': a free-entry window started',
                   if(charged = 1, ' (the charge stays).', '.')),
            '')) AS explanation
FROM conv AS c
LEFT JOIN tiered AS t ON t.conversation_id = c.conversation_id
LEFT JOIN per_key AS k ON k.phone_number_id = c.phone_number_id AND k.wa_id = c.wa_id
WHERE c.local_date BETWEEN {from:Date} AND {to:Date} OR has(k.touched, c.conversation_id)
