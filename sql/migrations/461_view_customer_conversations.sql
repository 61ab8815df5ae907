-- Replaces 211 for the pricing-model timeline (pricing-models.md): per-message charges (unit
-- message, stored with close_reason '') are explained by their pricing type in plain words
-- (charged inside or outside the customer service window and when the customer last wrote, the
-- volume tier and rank that priced it, the free allowance rank of the phone number, the
-- free-entry window it fell in, service or in-window utility free since the period's start), a
-- tiered charge's amount is its band's price (volume_tiers; 211 showed the first band's), a CBP
-- service conversation free under a period with free service says so, and a conversation closed
-- by a change of period (close_reason model_change) says why, and the free tier's size is the
-- timeline's row the conversation was priced under (the size the derive ranks against; 211 read
-- billing_settings). reason is PER_MESSAGE for a per-message charge. Otherwise as 211:
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
           arraySort(groupArrayIf(event_at, direction = 'inbound' AND failed = 0)) AS ins,
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
  (SELECT groupArray((effective_from, business_window_ms, service_window_ms))
   FROM (SELECT * FROM billing_settings ORDER BY effective_from)) AS windows,
  -- the timeline: (from, model, service, free_tier, utility_in_service_window)
  (SELECT groupArray((effective_from, model, service, free_tier, utility_in_service_window))
   FROM (SELECT * FROM pricing_models ORDER BY effective_from)) AS periods,
  tiered AS (
    -- free-tier charges with their rank in their count ('waba:…' or 'phone:…') and local month
    SELECT conversation_id, row_number() OVER (PARTITION BY counter, month ORDER BY opened_at, opening_message_id) AS rank
    -- only the counts and months the customer's phone numbers took part in (a rank needs its
    -- whole count, not only this customer's charges)
    FROM (SELECT conversation_id, counter, month, opened_at, opening_message_id FROM free_tier
          WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
            AND (counter, month) IN (
              SELECT counter, month FROM free_tier
              WHERE phone_number_id IN (SELECT phone_number_id FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)}))
                AND wacost_in_filter({wabas:Array(String)}, waba_id))
          GROUP BY ALL HAVING sum(sign) > 0)
  ),
  banded AS (
    SELECT conversation_id, n, tier, price FROM volume_tiers
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
      AND phone_number_id IN (SELECT phone_number_id FROM customer_keys(customers = {customers:Array(String)}, phones = {phones:Array(String)}, wabas = {wabas:Array(String)}))
    GROUP BY ALL HAVING sum(sign) > 0
  )
SELECT c.conversation_id AS conversation_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
       c.wa_id AS wa_id, c.country AS country, c.market AS market, c.category AS category,
       c.opened_at AS opened_at, c.closed_at AS closed_at, c.close_reason AS close_reason,
       c.opening_message_id AS opening_message_id,
       multiIf(t.conversation_id != '', 'FREE_TIER', c.base_pricing) AS pricing_type,
       if(pricing_type = 'REGULAR', if(v.conversation_id != '', v.price, c.price), toDecimal64(0, 6)) AS amount,
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
       c.category IN ('MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL') AS business,
       -- the period the row was priced under (before the first row, the first row), its start in words
       arrayLast(x -> x.1 <= c.local_date, periods) AS found_period,
       if(found_period.2 = '', periods[1], found_period) AS period,
       concat(toString(toDayOfMonth(period.1)), ' ', formatDateTime(period.1, '%M %Y')) AS period_from,
       c.close_reason = '' AS per_message,
       multiIf(c.category = 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', pricing_type = 'FREE_TIER', 'FREE_TIER',
               per_message, 'PER_MESSAGE',
               business AND hasAny(open_then, ['marketing', 'utility', 'authentication']), 'CROSS_CATEGORY',
               business AND has(open_then, 'service'), 'SERVICE_OPEN',
               prev.1 = '', 'FIRST',
               prev.5 = 'fep' AND c.opened_at < if(business, prev.3 + toIntervalMillisecond(prev_window.2),
                                                    prev.4 + toIntervalMillisecond(prev_window.3)), 'AFTER_FEP',
               'EXPIRED') AS reason,
       -- per-message charges (pricing-models.md §3): the customer service window at delivery
       arrayLast(x -> x <= c.opened_at, k.ins) AS last_in,
       last_in > toDateTime64(0, 3, 'UTC') AS wrote,
       wrote AND dateDiff('millisecond', last_in, c.opened_at) < 86400000 AS in_window,
       dateDiff('minute', last_in, c.opened_at) AS ago_min,
       multiIf(ago_min < 120, concat(toString(ago_min), ' min'), ago_min < 2880, concat(toString(intDiv(ago_min, 60)), ' h'),
               concat(toString(intDiv(ago_min, 1440)), ' days')) AS ago,
       if(in_window, concat('inside the customer service window (the customer last wrote ', ago, ' before)'),
          concat('outside the customer service window — ',
                 if(wrote, concat('the customer last wrote ', ago, ' before'), 'the customer had not written to this number'))) AS window_words,
       replaceAll(cat, '_', '-') AS cat_words,
       concat(if(business, concat(cat_words, ' template', if(template_name = '', '', concat(' `', template_name, '`'))), 'service message'),
              ' delivered ', wacost_local_time(c.opened_at, tz)) AS delivered_words,
       arrayLast(x -> x.2 = 'FREE_ENTRY_POINT' AND x.3 <= c.opened_at AND c.opened_at < x.4, c.cs) AS fep_window,
       formatDateTime(c.local_date, '%M %Y') AS month_words,
       multiIf(
         pricing_type = 'FREE_TIER',
           concat('Free tier: the ', wacost_ordinal(t.rank), ' of ', wacost_count(period.4),
                  ' free service messages of this phone number in ', month_words, ' (', delivered_words, ').'),
         pricing_type = 'FREE_ENTRY_POINT' AND fep_window.3 = c.opened_at,
           concat('Free entry point: ', delivered_words, ', the reply that opened the 72 h free-entry window (until ',
                  wacost_local_time(fep_window.4, tz), ').'),
         pricing_type = 'FREE_ENTRY_POINT',
           concat('Free entry point: ', delivered_words, ', inside the 72 h window opened by the reply at ',
                  wacost_local_time(fep_window.3, tz), ' (until ', wacost_local_time(fep_window.4, tz), ').'),
         pricing_type = 'FREE_CUSTOMER_SERVICE' AND c.category = 'SERVICE',
           concat('Free: ', delivered_words, if(in_window, ' in the customer service window', ''),
                  ' (service is free since ', period_from, ').'),
         pricing_type = 'FREE_CUSTOMER_SERVICE',
           concat('Free: ', delivered_words, ', ', window_words, '; utility templates in the window are free since ', period_from, '.'),
         concat(if(charged = 1, concat('Charged ', cost, ' ', c.currency, ': '), concat('No charge (the rate card price is 0 ', c.currency, '): ')),
                delivered_words, ', ', window_words, '.',
                if(v.conversation_id != '',
                   concat(' Volume tier ', v.tier, ': the ', wacost_ordinal(v.n), ' paid ', cat_words, ' message of ', month_words,
                          ' for this WABA in ', c.market, '; ',
                          multiIf(v.tier = '0:MAX', 'one price for all.',
                                  startsWith(v.tier, '0:'), concat('the first band, up to the ', wacost_ordinal(toUInt64OrZero(splitByChar(':', v.tier)[2])), '.'),
                                  concat('from the ', wacost_ordinal(toUInt64OrZero(splitByChar(':', v.tier)[1]) + 1),
                                         ' the price is ', wacost_money(v.price), ' ', c.currency, '.'))), ''),
                multiIf(c.category = 'SERVICE' AND period.3 = 'free_tier',
                          concat(' The ', wacost_count(period.4), ' free service messages of this phone number in ', month_words,
                                 ' were already used.'),
                        c.category = 'UTILITY' AND in_window AND period.5 = 'charged',
                          concat(' Utility templates inside the window are charged since ', period_from, '.'),
                        ''))) AS message_words,
       if(per_message, message_words, concat(
         multiIf(c.category = 'FREE_ENTRY_POINT',
                   concat('Free: free-entry window opened by the reply at ', wacost_local_time(ifNull(reply_at, c.opened_at), tz),
                          ' to the customer''s message from ', if(entry_point = 'page_cta', 'the Page button ', 'ad '), ad_id,
                          ' (', wacost_local_time(if(entry.1 > toDateTime64(0, 3, 'UTC'), entry.1, c.opened_at), tz),
                          '); it runs 72 h, until ', wacost_local_time(c.closed_at, tz),
                          ', and everything inside it is free.'),
                 concat(
                   multiIf(pricing_type = 'FREE_TIER', 'Free (free tier): ',
                           pricing_type = 'FREE_CUSTOMER_SERVICE', concat('Free (service is free since ', period_from, '): '),
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
                             concat(' It is within the ', wacost_count(period.4),
                                    ' free service conversations of ', formatDateTime(c.local_date, '%M %Y'), ' for this WABA.'),
                           pricing_type = 'FREE_CUSTOMER_SERVICE', '',
                           c.category = 'SERVICE',
                             concat(' The WABA''s free tier for ', formatDateTime(c.local_date, '%M %Y'), ' was already used up.'),
                           reason = 'CROSS_CATEGORY',
                             concat(' Other windows were open (', arrayStringConcat(open_then, ', '),
                                    '), but each category has its own window: a template of a different category opens its own conversation.'),
                           reason = 'SERVICE_OPEN',
                             ' The customer service window was open, but a template always opens a window of its own category (a free-form reply would have been free).',
                           ''))),
         multiIf(c.close_reason = 'fep',
                   concat(' Closed early at ', wacost_local_time(c.closed_at, tz), ': a free-entry window started',
                          if(charged = 1, ' (the charge stays).', '.')),
                 c.close_reason = 'model_change',
                   concat(' Closed early at ', wacost_local_time(c.closed_at, tz), ': the pricing model changed',
                          if(charged = 1, ' (the charge stays).', '.')),
                 ''))) AS explanation
FROM conv AS c
LEFT JOIN tiered AS t ON t.conversation_id = c.conversation_id
LEFT JOIN banded AS v ON v.conversation_id = c.conversation_id
LEFT JOIN per_key AS k ON k.phone_number_id = c.phone_number_id AND k.wa_id = c.wa_id
WHERE c.local_date BETWEEN {from:Date} AND {to:Date} OR has(k.touched, c.conversation_id)
