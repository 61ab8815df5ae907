-- Replaces 867 with the same rows; only words change, and a column is added (support trial).
-- A service conversation opened after the customer's free-entry conversation read "no service
-- window was open (first service conversation with this customer on this number)" where the
-- customer had written days before: right by the rules (the service conversation their entry
-- message opened became the free-entry one, billing rules 6, first case; rule 8: after it the next
-- customer message opens a new one), but read as false. After an earlier ordinary one it read
-- "(the previous one closed …)", days before the free-entry conversation. Both now say "(the
-- previous one, opened by the customer's message of …, became the free-entry conversation and
-- closed …)" when that free-entry conversation is later than the category's previous one. The
-- column after_entry (1 there) lets the answer (sql/api/customer_summary.sql) say it too; the
-- reason stays (FIRST, EXPIRED: docs/rules.md, "Why a conversation opened").
-- Otherwise as 867 (its description, and 801's, 770's, 742's, 696's, 512's and 490's, still hold).
-- The words stay written in the view: a SQL function's body is stored inlined in a view made with
-- it, so words in one would still take the view restated; a words view over a facts view costs one
-- more analysis of the facts per parameterized call (docs/performance.md, 2026-12-07).
CREATE OR REPLACE VIEW customer_conversations AS
WITH
  -- Each WITH subquery runs once per reference, so conversations and facts are each read once
  -- here: neighbours come from a window over the key, message facts from one pass per key.
  conv AS (
    SELECT *, arraySort(x -> x.3, groupArray((conversation_id, category, opened_at, closed_at, close_reason, base_pricing))
                                    OVER (PARTITION BY phone_number_id, wa_id)) AS cs
    FROM (
      SELECT * EXCEPT sign FROM conversations
      WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
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
           groupArrayIf((conversation_id, event_at), if(verdict = 'FREE_ENTRY', direction = 'outbound', 0)) AS replies,
           arraySort(groupArrayIf(event_at, if(direction = 'inbound', failed = 0, 0))) AS ins,
           groupUniqArrayIf(conversation_id, if(conversation_id != '', if(local_date >= {from:Date}, local_date <= {to:Date}, 0), 0)) AS touched
    FROM customer_message_facts(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}, wabas = {wabas:Array(String)})
    GROUP BY phone_number_id, wa_id
  ),
  -- the timezone of the WABAs of the live conversations (UTC when they differ): a WABA whose
  -- rows all cancel out (sum(sign) = 0) holds none of them
  (SELECT ifNull(if(uniqExact(tz) = 1, any(tz), 'UTC'), 'UTC')
   FROM (SELECT if(w.timezone = '', 'UTC', w.timezone) AS tz
         FROM (SELECT waba_id FROM conversations
               WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
                 AND wacost_in_filter({wabas:Array(String)}, waba_id)
               GROUP BY waba_id HAVING sum(sign) > 0) AS c
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
              WHERE phone_number_id IN (SELECT phone_number_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
                AND wacost_in_filter({wabas:Array(String)}, waba_id))
          GROUP BY ALL HAVING sum(sign) > 0)
  ),
  banded AS (
    -- read by the sorting key's prefix (waba_id, market, category, month, opened_at) of the
    -- customers' own per-message charges (every stored row of their keys: a superset of the live
    -- ones), not every tiered charge of their phone numbers. (490's filter on the phone numbers
    -- is gone: it kept nothing the join below keeps, as a conversation_id hashes its key.)
    SELECT conversation_id, n, tier, price FROM volume_tiers
    WHERE (waba_id, market, category, month, opened_at) IN (
            SELECT waba_id, market, category, toStartOfMonth(local_date), opened_at FROM conversations
            WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
              AND close_reason = '')
      AND wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY ALL HAVING sum(sign) > 0
  )
-- The conversation's columns, then the words built from them, one level per step: a level reads
-- the one below as plain columns (see the comment on top)
SELECT conversation_id, waba_id, phone_number_id, wa_id, country, market, category, opened_at, closed_at, close_reason,
       opening_message_id, pricing_type, amount, cost, currency, charged, unpriced, suppressed, in_period,
       local_date, after_entry,
       tz AS timezone, template_name, my_replies, reply_at, entry, entry_point, ad_id, prev, open_then, cat, prev_window,
       business, found_period, period, period_from, per_message, reason, last_in, wrote, in_window, ago_ms, ago_min, ago,
       window_words, cat_words, delivered_words, fep_window, month_words, message_words,
       if(per_message, message_words, concat(
         multiIf(category = 'FREE_ENTRY_POINT',
                   concat('Free: free-entry window opened by the reply at ', wacost_local_time_among(ifNull(reply_at, opened_at), shown, tz),
                          ' to the customer''s message from ', if(entry_point = 'page_cta', 'the Page button ', 'ad '), ad_id,
                          ' (', wacost_local_time_among(if(entry.1 > toDateTime64(0, 3, 'UTC'), entry.1, opened_at), shown, tz),
                          '); it runs 72 h, until ', wacost_local_time_among(closed_at, shown, tz),
                          ', and everything inside it is free.',
                          -- the row of a conversation the entry message opened starts at that
                          -- message, before the reply (rule 6, first case): a bar of 72 h 15 min
                          -- read as a fault (trial)
                          if(opened_at < ifNull(reply_at, opened_at),
                             ' This conversation starts earlier, at the customer''s message, which opened it; the free window runs from the reply.', '')),
                 concat(
                   multiIf(pricing_type = 'FREE_TIER', 'Free (free tier): ',
                           pricing_type = 'FREE_CUSTOMER_SERVICE', concat('Free (service is free since ', period_from, '): '),
                           unpriced = 1, unpriced_words,
                           charged = 1, concat('Charged ', cost, ' ', currency, ': '),
                           concat('No charge (the rate card price is 0 ', currency, '): ')),
                   if(business,
                      concat(cat_words, ' template', if(template_name = '', '', concat(' “', template_name, '”')), ' delivered '),
                      'customer message delivered '),
                   wacost_local_time_among(opened_at, shown, tz),
                   '; no ', cat_words, ' window was open',
                   multiIf(after_entry,
                             concat(' (the previous one, opened by the customer''s message of ', wacost_local_time_among(fep_prev.3, shown, tz),
                                    ', became the free-entry conversation and closed ', wacost_local_time_among(fep_prev.4, shown, tz), ')'),
                           prev.1 = '', concat(' (first ', cat_words, ' conversation with this customer on this number)'),
                           fep_cut = 1, concat(' (the previous one was closed at ', wacost_local_time_among(prev.4, shown, tz), ' by a free-entry window)'),
                           concat(' (the previous one closed ', wacost_local_time_among(prev.4, shown, tz), ')')),
                   '.',
                   multiIf(pricing_type = 'FREE_TIER',
                             concat(' It is within the ', wacost_count(period.4),
                                    ' free service conversations of ', formatDateTime(local_date, '%M %Y'), ' for this WABA.'),
                           pricing_type = 'FREE_CUSTOMER_SERVICE', '',
                           category = 'SERVICE',
                             concat(' The WABA''s free tier for ', formatDateTime(local_date, '%M %Y'), ' was already used up.'),
                           -- the other windows, after the reason (EXPIRED beside them says both)
                           beside_other,
                             concat(' Other windows were open (', arrayStringConcat(arrayMap(x -> replaceAll(x, '_', '-'), open_then), ', '),
                                    '), but each category has its own window: a template of a different category opens its own conversation.'),
                           if(beside_service, service_free, 0),
                             ' The customer service window was open, but a template always opens a window of its own category (a free-form reply would have been free).',
                           beside_service,
                             concat(' The customer service window was open, but a template always opens a window of its own category',
                                    ' (a free-form reply would have cost nothing more: it falls in the service conversation already open,',
                                    ' priced once when the customer''s message opened it).'),
                           ''))),
         multiIf(close_reason = 'fep',
                   concat(' Closed early at ', wacost_local_time_among(closed_at, shown, tz), ': a free-entry window started',
                          if(charged = 1, ' (the charge stays).', '.')),
                 close_reason = 'model_change',
                   concat(' Closed early at ', wacost_local_time_among(closed_at, shown, tz), ': the pricing model changed',
                          if(charged = 1, ' (the charge stays).', '.')),
                 ''))) AS explanation
FROM (
-- level 4: a per-message charge in words
SELECT *,
       multiIf(
         pricing_type = 'FREE_TIER',
           concat('Free tier: the ', wacost_ordinal(t_rank), ' of ', wacost_count(period.4),
                  ' free service messages of this phone number in ', month_words, ' (', delivered_words, ').'),
         if(pricing_type = 'FREE_ENTRY_POINT', fep_reply = opened_at, 0),
           concat('Free entry point: ', delivered_words, ', the reply that opened the 72 h free-entry window (until ',
                  wacost_local_time_among(fep_window.4, shown, tz), ').'),
         pricing_type = 'FREE_ENTRY_POINT',
           concat('Free entry point: ', delivered_words, ', inside the 72 h window opened by the reply at ',
                  wacost_local_time_among(fep_reply, shown, tz), ' (until ', wacost_local_time_among(fep_window.4, shown, tz), ').'),
         if(pricing_type = 'FREE_CUSTOMER_SERVICE', category = 'SERVICE', 0),
           concat('Free: ', delivered_words, if(in_window, ' in the customer service window', ''),
                  ' (service is free since ', period_from, ').'),
         pricing_type = 'FREE_CUSTOMER_SERVICE',
           concat('Free: ', delivered_words, ', ', window_words, '; utility templates in the window are free since ', period_from, '.'),
         concat(multiIf(unpriced = 1, unpriced_words, charged = 1, concat('Charged ', cost, ' ', currency, ': '),
                        concat('No charge (the rate card price is 0 ', currency, '): ')),
                delivered_words, ', ', window_words, '.',
                if(v_id != '',
                   concat(' Volume tier ', v_tier, ': the ', wacost_ordinal(v_n), ' paid ', cat_words, ' message of ', month_words,
                          ' for this WABA in ', market, '; ',
                          multiIf(v_tier = '0:MAX', 'one price for all.',
                                  startsWith(v_tier, '0:'), concat('the first band, up to the ', wacost_ordinal(toUInt64OrZero(splitByChar(':', v_tier)[2])), '.'),
                                  concat('from the ', wacost_ordinal(toUInt64OrZero(splitByChar(':', v_tier)[1]) + 1),
                                         ' the price is ', wacost_money(v_price), ' ', currency, '.'))), ''),
                multiIf(if(category = 'SERVICE', period.3 = 'free_tier', 0),
                          concat(' The ', wacost_count(period.4), ' free service messages of this phone number in ', month_words,
                                 ' were already used.'),
                        if(category = 'UTILITY', if(in_window, period.5 = 'charged', 0), 0),
                          concat(' Utility templates inside the window are charged since ', period_from, '.'),
                        -- another template charged inside the window: why the window did not free it (a
                        -- rate-card price of 0 is no charge to explain)
                        if(if(business, category != 'UTILITY', 0), if(if(in_window, charged = 1, 0), period.5 = 'free', 0), 0),
                          concat(' The customer service window makes utility templates free (since ', period_from,
                                 '), not ', cat_words, ' ones: they are charged inside it too.'),
                        if(if(business, category != 'UTILITY', 0), if(if(in_window, charged = 1, 0), period.5 = 'charged', 0), 0),
                          concat(' Templates are charged inside the customer service window too (utility ones as well since ', period_from, ').'),
                        ''))) AS message_words
FROM (
-- level 3
SELECT *,
       -- a window opens when none of its own category is open (billing rules, "Categories and
       -- windows"): why none was, from that category's history first; the windows of other
       -- categories only for one that had none before (docs/rules.md, "Why a conversation opened")
       multiIf(category = 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', pricing_type = 'FREE_TIER', 'FREE_TIER',
               per_message, 'PER_MESSAGE',
               fep_cut = 1, 'AFTER_FEP',
               prev.1 != '', 'EXPIRED',
               beside_other, 'CROSS_CATEGORY',
               beside_service, 'SERVICE_OPEN',
               'FIRST') AS reason,
       if(category = 'FREE_ENTRY_POINT', entry.2, '') AS entry_point,
       if(category = 'FREE_ENTRY_POINT', if(c_ad_id != '', c_ad_id, entry.3), '') AS ad_id,
       if(in_window, concat('inside the customer service window (the customer last wrote ', ago, ' before)'),
          concat('outside the customer service window — ',
                 if(wrote, concat('the customer last wrote ', ago, ' before'), 'the customer had not written to this number'))) AS window_words,
       concat(if(business, concat(cat_words, ' template', if(template_name = '', '', concat(' “', template_name, '”'))), 'service message'),
              ' delivered ', wacost_local_time_among(opened_at, shown, tz)) AS delivered_words
FROM (
-- level 2b: the instants the row's words show, each written with its seconds when another of
-- them falls in the same minute (800)
SELECT *,
       multiIf(per_message, if(pricing_type = 'FREE_ENTRY_POINT', [opened_at, fep_reply, fep_window.4], [opened_at]),
               category = 'FREE_ENTRY_POINT',
                 [ifNull(reply_at, opened_at), if(entry.1 > toDateTime64(0, 3, 'UTC'), entry.1, opened_at), closed_at],
               arrayConcat([opened_at], if(prev.1 = '', [], [prev.4]), if(after_entry, [fep_prev.3, fep_prev.4], []),
                           if(close_reason IN ('fep', 'model_change'), [closed_at], []))) AS shown
FROM (
-- level 2
SELECT *,
       if(unpriced, NULL, wacost_money(amount)) AS cost,
       toUInt8(if(pricing_type = 'REGULAR', if(unpriced, 1, amount > 0), 0)) AS charged,
       concat('Charged, no price in the rate card (no row for ', market, ', ', category, ' in force on ',
              toString(local_date), '): ') AS unpriced_words,
       arrayLast(e -> e.1 <= ifNull(reply_at, opened_at), k_es) AS entry,
       concat(toString(toDayOfMonth(period.1)), ' ', formatDateTime(period.1, '%M %Y')) AS period_from,
       -- the previous window of the category was cut by a free-entry window while it would still
       -- have been open: a business window 24 h after it opened, the service window 24 h after the
       -- customer's last message before the cut (the entry message included; 742 counted from the
       -- cut)
       toUInt8(if(prev.5 = 'fep',
                  opened_at < if(business, prev.3 + toIntervalMillisecond(prev_window.2),
                                 arrayLast(x -> x <= prev.4, k_ins) + toIntervalMillisecond(prev_window.3)), 0)) AS fep_cut,
       -- the reply that opened the free-entry window (its row's start under per-message pricing)
       if(empty(fep_replies), fep_window.3, arrayMin(fep_replies)) AS fep_reply,
       if(wrote, dateDiff('millisecond', last_in, opened_at) < 86400000, 0) AS in_window,
       -- under a minute in seconds (it read "0 min before"), to the tenth
       multiIf(ago_ms < 60000, concat(toString(round(ago_ms / 1000, 1)), ' s'),
               ago_min < 120, concat(toString(ago_min), ' min'), ago_min < 2880, concat(toString(intDiv(ago_min, 60)), ' h'),
               concat(toString(intDiv(ago_min, 1440)), ' days')) AS ago
FROM (
-- level 1
SELECT *,
       if(pricing_type = 'REGULAR', if(v_id != '', v_price, price), toDecimal64(0, 6)) AS amount,
       if(category = 'FREE_ENTRY_POINT', toNullable(if(empty(my_replies), opened_at, arrayMin(my_replies))), NULL) AS reply_at,
       arrayLast(x -> x.1 <= prev.3, windows) AS prev_window,
       -- a service conversation after the free-entry conversation the customer's entry message
       -- opened (rule 6, first case), that one later than the previous service conversation: it
       -- says so, not "first service conversation" nor the earlier one's close (support trial)
       toUInt8(if(category = 'SERVICE', if(per_message, 0, if(fep_prev.1 = '', 0, if(prev.1 = '', 1, fep_prev.3 > prev.3))), 0)) AS after_entry,
       if(found_period.2 = '', periods[1], found_period) AS period,
       last_in > toDateTime64(0, 3, 'UTC') AS wrote,
       -- the time elapsed, in whole minutes down (dateDiff('minute') counts the minute boundaries
       -- crossed: 2 s from 10:05:59 read "1 min")
       dateDiff('millisecond', last_in, opened_at) AS ago_ms, intDiv(ago_ms, 60000) AS ago_min,
       replaceAll(cat, '_', '-') AS cat_words,
       -- other categories' windows open when it opened (a business category never reuses another's)
       if(business, hasAny(open_then, ['marketing', 'utility', 'authentication', 'authentication_international']), 0) AS beside_other,
       if(business, has(open_then, 'service'), 0) AS beside_service,
       -- the replies attributed to the free-entry window a per-message charge falls in (one opened
       -- under conversation-based pricing: its row may start at the entry message)
       arrayMap(x -> x.2, arrayFilter(x -> x.1 = fep_window.1, k_replies)) AS fep_replies
FROM (
-- level 0: the joined rows, and what is read straight off them
SELECT c.conversation_id AS conversation_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
       c.wa_id AS wa_id, c.country AS country, c.market AS market, c.category AS category,
       c.opened_at AS opened_at, c.closed_at AS closed_at, c.close_reason AS close_reason,
       c.opening_message_id AS opening_message_id, c.currency AS currency, c.local_date AS local_date,
       c.price AS price, c.ad_id AS c_ad_id, t.rank AS t_rank,
       v.conversation_id AS v_id, v.n AS v_n, v.tier AS v_tier, v.price AS v_price, k.es AS k_es,
       multiIf(t.conversation_id != '', 'FREE_TIER', c.base_pricing) AS pricing_type,
       toUInt8(c.close_reason = 'fep') AS suppressed,
       -- no rate-card row in force on the local day (rate_card_first, 695): charged, price unknown
       toUInt8(if(t.conversation_id = '', if(c.base_pricing = 'REGULAR', if(r.market = '', 1, c.local_date < r.first_from), 0), 0)) AS unpriced,
       toUInt8(if(c.local_date >= {from:Date}, c.local_date <= {to:Date}, 0)) AS in_period,
       arrayFirst(x -> x.1 = c.opening_message_id, k.names).2 AS template_name,
       arrayMap(x -> x.2, arrayFilter(x -> x.1 = c.conversation_id, k.replies)) AS my_replies,
       -- the previous conversation of the same category, and the windows open when this one opened
       arrayLast(x -> if(x.2 = c.category, x.3 < c.opened_at, 0), c.cs) AS prev,
       -- the last free-entry conversation before it that a customer's message opened (it starts at
       -- the entry message, billing rules 6, first case)
       arrayLast(x -> if(x.2 = 'FREE_ENTRY_POINT', if(x.3 < c.opened_at, has(k.ins, x.3), 0), 0), c.cs) AS fep_prev,
       arrayMap(x -> lower(x.2), arrayFilter(x -> if(x.1 != c.conversation_id, if(x.3 <= c.opened_at, c.opened_at < x.4, 0), 0), c.cs)) AS open_then,
       -- the service conversation open then was free (service free when it opened): a free-form
       -- reply, which falls in it, would have been free; else it adds no charge to that one's
       arrayExists(x -> if(x.2 = 'SERVICE', if(x.3 <= c.opened_at, if(c.opened_at < x.4, x.6 = 'FREE_CUSTOMER_SERVICE', 0), 0), 0), c.cs) AS service_free,
       lower(c.category) AS cat,
       c.category IN ('MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL') AS business,
       -- the period the row was priced under (before the first row, the first row)
       arrayLast(x -> x.1 <= c.local_date, periods) AS found_period,
       c.close_reason = '' AS per_message,
       -- per-message charges (pricing-models.md §3): the customer's last message before delivery
       arrayLast(x -> x <= c.opened_at, k.ins) AS last_in,
       k.ins AS k_ins, k.replies AS k_replies,
       arrayLast(x -> if(x.2 = 'FREE_ENTRY_POINT', if(x.3 <= c.opened_at, c.opened_at < x.4, 0), 0), c.cs) AS fep_window,
       formatDateTime(c.local_date, '%M %Y') AS month_words
FROM conv AS c
LEFT JOIN tiered AS t ON t.conversation_id = c.conversation_id
LEFT JOIN banded AS v ON v.conversation_id = c.conversation_id
LEFT JOIN per_key AS k ON k.phone_number_id = c.phone_number_id AND k.wa_id = c.wa_id
LEFT JOIN rate_card_first AS r ON r.market = c.market AND r.category = c.category
WHERE if(if(c.local_date >= {from:Date}, c.local_date <= {to:Date}, 0), 1, has(k.touched, c.conversation_id))
))))))
