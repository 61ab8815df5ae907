-- The answer to "why was this customer charged N times?" in one sentence, from the explained
-- conversations (opened in the period) and messages (of the period): charges per category with
-- the rules that made them, what was not charged and why, guardrail breaks, undelivered sends,
-- and where Meta's own statuses decided otherwise (view reconciliation_of, migration 744: a ticket
-- often starts from Meta's invoice, and these are the charges it will not match).
-- A charge with no rate-card price (unpriced 1, view customer_conversations 696) is a charge: it
-- counts, and the amount is null (the sentence says how many have no price and what the priced
-- ones cost), never a sum that reads them as 0.
-- Conditions over the view's columns are if(a, b, 0), not `a AND b`: the analyzer's AND-chain
-- rewrite costs ~30 ms per AND over a view this large (migration 490).
WITH
  -- the view is read once, into one value (per_category and counts each expanding it again took
  -- ~0.5 s of planning per reference); convs gives its rows back
  (SELECT groupArray((category, charged, reason, amount, currency, pricing_type, close_reason, suppressed, local_date, unpriced, opened_at, period.2,
                      after_entry, if(business, in_window, 0), period.5))
   FROM customer_conversations(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)},
                               wabas = {wabas:Array(String)}, from = {from:Date}, to = {to:Date})
   WHERE in_period = 1) AS read_once,
  convs AS (
    SELECT c.1 AS category, c.2 AS charged, c.3 AS reason, c.4 AS amount, c.5 AS currency, c.6 AS pricing_type,
           c.7 AS close_reason, c.8 AS suppressed, c.9 AS local_date, c.10 AS unpriced, c.11 AS opened_at, c.12 AS model,
           -- the reason as the row's words tell it apart (the reason column stays): a service
           -- conversation after the customer's free-entry one (view 868: "the previous one … became
           -- the free-entry conversation"), and a per-message template charged inside the customer
           -- service window, which frees utility templates only or, where in-window utility is
           -- charged, none (view 867's words; the answer said only "charged per message": support trial)
           multiIf(if(c.3 = 'FIRST', c.13 = 1, 0), 'FIRST_AFTER_ENTRY',
                   if(c.3 = 'PER_MESSAGE', c.14 = 1, 0), if(c.15 = 'free', 'IN_WINDOW_UTILITY_FREE', 'IN_WINDOW_CHARGED'),
                   c.3) AS told
    FROM (SELECT arrayJoin(read_once) AS c)
  ),
  -- every stored message of the customer, those of the period marked: with none in the period, the
  -- sentence gives the days their messages run (it said "No charges since 2024-10-01." after the
  -- data's end, as if the customer had been quiet: trial); the view is read once for both
  msgs AS (
    SELECT verdict, template_category, local_date, if(local_date >= {from:Date}, local_date <= {to:Date}, 0) AS in_period
    FROM customer_message_facts(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}, wabas = {wabas:Array(String)})
  ),
  per_category AS (
    -- every charge of a category with its own reason, counted: "2 marketing (the first with this
    -- customer; 1 after the previous window had expired)"; a single charge: its reason alone. No
    -- brackets inside these (a trial read "1 sent inside an open service window (a template …))")
    SELECT category, count() AS n,
           -- AUTHENTICATION_INTERNATIONAL reads authentication-international, as in the explanations
           replaceAll(lower(category), '_', '-') AS word,
           groupArray(told) AS reasons,
           arrayFilter(x -> x.2 > 0, arrayMap(r -> (r, countEqual(reasons, r)),
                                              ['FIRST', 'FIRST_AFTER_ENTRY', 'EXPIRED', 'AFTER_FEP', 'CROSS_CATEGORY', 'SERVICE_OPEN', 'PER_MESSAGE',
                                               'IN_WINDOW_UTILITY_FREE', 'IN_WINDOW_CHARGED'])) AS by_reason,
           concat(toString(n), ' ', word, ' (',
                  arrayStringConcat(arrayMap(x -> if(n = 1,
                    multiIf(
                      if(x.1 = 'PER_MESSAGE', category = 'SERVICE', 0), 'charged per message once the free service messages of the month were used',
                      x.1 = 'PER_MESSAGE', 'charged per message: each delivered template is a charge',
                      x.1 = 'IN_WINDOW_UTILITY_FREE', 'charged although inside the customer service window, which frees utility templates only',
                      x.1 = 'IN_WINDOW_CHARGED', 'charged although inside the customer service window, which frees no template',
                      x.1 = 'FIRST_AFTER_ENTRY', 'the customer wrote again after their free-entry conversation had ended, when no service window was open',
                      -- CROSS_CATEGORY: a first window (the view's row: "no marketing window was open
                      -- (first marketing conversation with this customer on this number)"), opened
                      -- beside another category's; "a template of a different category opens its own
                      -- window" gave the charge another reason than its row (fresh-user trial)
                      x.1 = 'CROSS_CATEGORY', concat('no ', word, ' window was open, the first with this customer on this number,',
                                                     ' and a window of another category open then does not cover it'),
                      x.1 = 'SERVICE_OPEN', 'a template sent inside an open service window is charged',
                      if(x.1 = 'EXPIRED', category = 'SERVICE', 0), 'the service window expired between customer messages',
                      x.1 = 'EXPIRED', concat('the previous ', word, ' window had expired'),
                      x.1 = 'AFTER_FEP', 'a free-entry window had closed the previous one',
                      -- FIRST: as the charge's own explanation says it (view customer_conversations:
                      -- "no marketing window was open (first marketing conversation with this
                      -- customer on this number)"); "the first with this customer" left out the
                      -- number, and read as false beside a row of another number (fresh-user trial)
                      category = 'SERVICE', 'the customer wrote when no service window was open, the first with this customer on this number',
                      concat('no ', word, ' window was open, the first with this customer on this number')),
                    multiIf(
                      if(x.1 = 'FIRST', x.2 = 1, 0), 'the first with this customer on this number',
                      x.1 = 'FIRST', concat(toString(x.2), ' first ones, one per phone number'),
                      x.1 = 'EXPIRED', concat(toString(x.2), ' after the previous window had expired'),
                      x.1 = 'AFTER_FEP', concat(toString(x.2), ' after a free-entry window had closed the previous one'),
                      if(x.1 = 'CROSS_CATEGORY', x.2 = 1, 0), 'the first with this customer on this number, beside a window of another category, which does not cover it',
                      x.1 = 'CROSS_CATEGORY', concat(toString(x.2), ' first ones, one per phone number, beside a window of another category, which does not cover them'),
                      -- a service message is charged only past the month's free ones: said as for
                      -- one ("3 service (3 charged per message)" said nothing of why: support trial)
                      if(x.1 = 'PER_MESSAGE', category = 'SERVICE', 0), concat(toString(x.2), ' charged per message once the free service messages of the month were used'),
                      x.1 = 'PER_MESSAGE', concat(toString(x.2), ' charged per message'),
                      x.1 = 'IN_WINDOW_UTILITY_FREE', concat(toString(x.2), ' charged although inside the customer service window, which frees utility templates only'),
                      x.1 = 'IN_WINDOW_CHARGED', concat(toString(x.2), ' charged although inside the customer service window, which frees no template'),
                      x.1 = 'FIRST_AFTER_ENTRY', concat(toString(x.2), ' after the customer''s free-entry conversation had ended'),
                      concat(toString(x.2), ' sent inside an open service window, where a template is charged all the same'))), by_reason), '; '),
                  -- a charged CBP service conversation means the WABA's free tier was used up
                  if(if(category = 'SERVICE', arrayExists(r -> r != 'PER_MESSAGE', reasons), 0), '; the free tier was used up', ''), ')') AS phrase
    FROM convs WHERE charged = 1
    GROUP BY category
    -- by each category's first charge, as the table lists the charges by time (by count, the
    -- answer's order matched nothing the page shows: support trial)
    ORDER BY min(opened_at), indexOf(['MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'SERVICE'], category)
  ),
  counts AS (
    SELECT toInt32(countIf(charged = 1)) AS charges, sumIf(amount, if(charged = 1, unpriced = 0, 0)) AS total,
           anyIf(currency, if(charged = 1, unpriced = 0, 0)) AS cur,
           toInt32(countIf(unpriced = 1)) AS no_price,
           -- free-entry windows (a per-message charge inside one has its own category); those of
           -- per-message pricing are named as their rows name them, "free-entry window" (the
           -- answer said "1 free-entry conversation" beside rows of windows: support trial)
           toInt32(countIf(category = 'FREE_ENTRY_POINT')) AS fep,
           toInt32(countIf(if(category = 'FREE_ENTRY_POINT', model = 'PMP', 0))) AS fep_windows,
           toInt32(countIf(pricing_type = 'FREE_TIER')) AS free_tier,
           -- per-message charges (close_reason '') in the free tier are messages, not conversations
           toInt32(countIf(if(pricing_type = 'FREE_TIER', close_reason = '', 0))) AS free_tier_messages,
           toInt32(countIf(pricing_type = 'FREE_CUSTOMER_SERVICE')) AS free_service,
           -- of those, per-message ones (close_reason ''); the others are CBP service conversations
           -- of a period where service is free (from 2024-11-01), which the per-message words
           -- misdescribed ("2 charges free as customer service (per-message pricing: …)" for a
           -- period before July 2025: support trial)
           toInt32(countIf(if(pricing_type = 'FREE_CUSTOMER_SERVICE', close_reason = '', 0))) AS free_service_messages,
           toInt32(countIf(if(pricing_type = 'REGULAR', charged = 0, 0))) AS zero_priced,
           toInt32(countIf(suppressed = 1)) AS suppressed,
           toInt32(count()) AS conversations,
           -- the period in words: each bound asked for, else the day this customer's conversations
           -- start or end on (1970-01-01 and 2148-12-31 are core/scope.ts's open bounds; a period
           -- with only a start read "from 2024-09-15 to 2148-12-31": trial)
           {from:Date} = '1970-01-01' AS open_start, {to:Date} = '2148-12-31' AS open_end,
           if(open_start, min(local_date), {from:Date}) AS first_day,
           if(open_end, max(local_date), {to:Date}) AS last_day,
           multiIf(if(conversations = 0, open_start AND open_end, 0), '',
                   if(conversations = 0, open_end, 0), concat(' since ', toString({from:Date})),
                   if(conversations = 0, open_start, 0), concat(' until ', toString({to:Date})),
                   first_day = last_day, concat(' on ', toString(first_day)),
                   concat(' from ', toString(first_day), ' to ', toString(last_day))) AS period,
           -- the charges' own days when a bound is open: "4 charges from 2024-07-24" named the day
           -- of a free-entry conversation, the first charge being on 2024-08-15 (fresh-user trial)
           if(open_start, minIf(local_date, charged = 1), {from:Date}) AS first_charge,
           if(open_end, maxIf(local_date, charged = 1), {to:Date}) AS last_charge,
           if(first_charge = last_charge, concat(' on ', toString(first_charge)),
              concat(' from ', toString(first_charge), ' to ', toString(last_charge))) AS charge_period
    FROM convs
  ),
  mcounts AS (
    SELECT toInt32(countIf(if(in_period = 1, verdict = 'REUSED', 0))) AS reused,
           toInt32(countIf(if(in_period = 1, if(verdict = 'FREE_ENTRY', template_category != '', 0), 0))) AS fep_templates,
           toInt32(countIf(if(in_period = 1, verdict = 'OUTSIDE_SERVICE_WINDOW', 0))) AS guardrail,
           toInt32(countIf(if(in_period = 1, verdict = 'NOT_DELIVERED', 0))) AS not_delivered,
           toInt32(countIf(in_period = 1)) AS messages,
           toInt32(count()) AS stored, min(local_date) AS first_stored, max(local_date) AS last_stored,
           -- the days of the period's messages: a period open at both ends with messages but no
           -- conversation is named by them (it read a bare "No charges.": trial)
           minIf(local_date, in_period = 1) AS first_message, maxIf(local_date, in_period = 1) AS last_message
    FROM msgs
  ),
  meta AS (
    -- the customer's discrepancies of the period, by kind (one row per discrepancy: a message, or
    -- a Meta conversation under conversation-based pricing)
    SELECT toInt32(countIf(kind = 'CATEGORY_MISMATCH')) AS category_mismatch,
           toInt32(countIf(kind = 'BILLED_BUT_FREE')) AS billed_but_free,
           toInt32(countIf(kind = 'FREE_BUT_CHARGED')) AS free_but_charged,
           toInt32(countIf(kind = 'CONVERSATION_SPLIT')) AS conversation_split,
           toInt32(count()) AS differences
    -- (view reconciliation_of, 744: read for these keys, not every status line with Meta's pricing)
    FROM reconciliation_of(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)})
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND if(local_date >= {from:Date}, local_date <= {to:Date}, 0)
  ),
  (SELECT groupArray(phrase) FROM per_category) AS phrases
SELECT k.charges AS charges, if(k.no_price > 0, NULL, wacost_money(k.total)) AS amount, k.cur AS currency,
       k.no_price AS unpriced, k.conversations AS conversations,
       m.messages AS messages, m.reused AS reused, k.fep AS free_entry, k.free_tier AS free_tier,
       k.suppressed AS suppressed, m.guardrail AS guardrail, m.not_delivered AS not_delivered,
       d.differences AS meta_differences,
       arrayFilter(x -> x != '', [
         if(m.reused = 0, '', concat(wacost_count(m.reused), if(m.reused = 1, ' template', ' templates'),
                                     ' reused an open window of the same category (sent within 24 h of the one that opened it)')),
         if(k.fep = 0, '', concat(arrayStringConcat(arrayFilter(x -> x != '', [
                                    if(k.fep = k.fep_windows, '', concat(wacost_count(k.fep - k.fep_windows),
                                       if(k.fep - k.fep_windows = 1, ' free-entry conversation', ' free-entry conversations'))),
                                    if(k.fep_windows = 0, '', concat(wacost_count(k.fep_windows),
                                       if(k.fep_windows = 1, ' free-entry window', ' free-entry windows')))]), ' and '),
                                  if(m.fep_templates = 0, '', concat(', with ', wacost_count(m.fep_templates),
                                     if(m.fep_templates = 1, ' template', ' templates'), ' sent inside ', if(k.fep = 1, 'it', 'them'), ' for free')))),
         if(k.free_tier = k.free_tier_messages, '', concat(wacost_count(k.free_tier - k.free_tier_messages), if(k.free_tier - k.free_tier_messages = 1, ' service conversation', ' service conversations'), ' in the free tier')),
         if(k.free_tier_messages = 0, '', concat(wacost_count(k.free_tier_messages), if(k.free_tier_messages = 1, ' service message', ' service messages'), ' in the free allowance of the phone number')),
         if(k.free_service = k.free_service_messages, '', concat(wacost_count(k.free_service - k.free_service_messages),
                                           if(k.free_service - k.free_service_messages = 1, ' service conversation', ' service conversations'),
                                           ' free (conversation-based pricing, under which service conversations are free)')),
         -- "messages", not "charges": "Not charged: 6 charges free …" contradicted itself (support trial)
         if(k.free_service_messages = 0, '', concat(wacost_count(k.free_service_messages), if(k.free_service_messages = 1, ' message', ' messages'),
                                           ' free as customer service (per-message pricing: service messages, and utility templates inside the customer service window)')),
         if(k.zero_priced = 0, '', concat(wacost_count(k.zero_priced), if(k.zero_priced = 1, ' conversation', ' conversations'), ' at a rate-card price of 0'))
       ]) AS free_parts,
       arrayFilter(x -> x != '', [
         if(k.suppressed = 0, '', concat(wacost_count(k.suppressed), if(k.suppressed = 1, ' window was', ' windows were'),
                                         ' closed early by a free-entry window (charges stay)')),
         if(m.guardrail = 0, '', concat(wacost_count(m.guardrail), if(m.guardrail = 1, ' free-form message was', ' free-form messages were'),
                                        ' sent outside the customer service window (WhatsApp rejects ', if(m.guardrail = 1, 'it', 'them'), '; no charge)')),
         if(m.not_delivered = 0, '', concat(wacost_count(m.not_delivered), if(m.not_delivered = 1, ' message was', ' messages were'),
                                            ' not delivered (nothing opens)'))
       ]) AS note_parts,
       arrayFilter(x -> x != '', [
         if(d.category_mismatch = 0, '', concat(wacost_count(d.category_mismatch), if(d.category_mismatch = 1, ' template', ' templates'),
                                                ' re-categorised: priced by Meta in another category than the logged one')),
         if(d.billed_but_free = 0, '', concat(wacost_count(d.billed_but_free), ' billed by Meta where these rules charge nothing')),
         if(d.free_but_charged = 0, '', concat(wacost_count(d.free_but_charged), ' not billed by Meta where these rules charge')),
         if(d.conversation_split = 0, '', concat(wacost_count(d.conversation_split),
                                                 if(d.conversation_split = 1, ' Meta conversation', ' Meta conversations'),
                                                 ' split over several conversations here, or over none'))
       ]) AS meta_parts,
       concat(
         multiIf(
           if(k.conversations = 0, m.messages = 0, 0),
           concat('No charges', k.period,
                  if(m.stored = 0, ': no message of this customer is stored.',
                     concat(': no message of this customer is stored in this period (their messages run ',
                            if(m.first_stored = m.last_stored, concat('on ', toString(m.first_stored)),
                               concat('from ', toString(m.first_stored), ' to ', toString(m.last_stored))), ').'))),
           k.charges = 0, concat('No charges',
                                 if(if(k.conversations = 0, k.open_start AND k.open_end, 0),
                                    if(m.first_message = m.last_message, concat(' on ', toString(m.first_message)),
                                       concat(' from ', toString(m.first_message), ' to ', toString(m.last_message))),
                                    k.period), '.'),
            concat(wacost_count(k.charges), if(k.charges = 1, ' charge', ' charges'), k.charge_period, ' (',
                   multiIf(k.no_price = 0, concat(wacost_money(k.total), ' ', k.cur),
                           k.no_price = k.charges, concat('amount unknown: ', if(k.charges = 1, 'it has', 'they have'), ' no price in the rate card'),
                           concat('amount unknown: ', wacost_count(k.no_price), ' with no price in the rate card; ',
                                  wacost_money(k.total), ' ', k.cur, ' for the other ', wacost_count(k.charges - k.no_price))), '): ',
                   arrayStringConcat(phrases, ', '), '.')),
         if(empty(free_parts), '', concat(' Not charged: ', arrayStringConcat(free_parts, '; '), '.')),
         if(empty(note_parts), '', concat(' Also: ', arrayStringConcat(note_parts, '; '), '.')),
         if(empty(meta_parts), '', concat(' Meta\'s statuses decided otherwise: ', arrayStringConcat(meta_parts, '; '),
                                          ' (the messages\' "Meta said" column).'))) AS summary
FROM counts AS k CROSS JOIN mcounts AS m CROSS JOIN meta AS d
