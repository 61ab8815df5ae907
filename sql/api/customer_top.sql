-- The customers with the most charges in the period, for support's list "who was charged most?"
-- (the investigation page, before a search): one row per customer (wa_id) and currency over the
-- WABAs and phone numbers asked, with the charges of the local days {from}..{to} of their WABA —
-- charged conversations (conversation-based pricing) and charged messages (per-message pricing),
-- counted as the customer's answer counts them (api/customer_summary.sql, view
-- customer_conversations: REGULAR, not in the free tier, a price above 0 or none in the rate
-- card) and priced as the ledger export prices them (sql/exports/ledger.sql: the volume tier's
-- price for a tiered charge). amount sums the charges with a rate-card price (exact decimal
-- string); unpriced counts those without one, which it leaves out. A customer charged in two
-- currencies (WABAs of different rate cards) has a row per currency. A charge without a price has
-- no currency (pricing-models.md P3: cost and currency null): the ledger row's is a placeholder
-- (the rate card's any(), or its market's), which made a row of its own "in" that currency
-- (trial). It counts in the customer's row of their priced charges (the currency of the most of
-- them, then of the highest amount; none: a row whose currency and amount are null, as
-- /api/spend states no currency where no charge has a price). The 50 with the most charges, then
-- the highest amount.
-- In two passes over the period's ledger rows (conversations; its primary key is the customer's,
-- so the period is a filter, not a range: no message is read). Collapsing every row of the period
-- and joining each to its free-tier and volume-tier rows by conversation_id took 2.9–3.7 s for a
-- month of an 11M-message database (6.1 s for five months), on every open of the page. So:
--  1. every customer's count and amount as signed sums over the rows as stored, at the price the
--     ledger row carries, plus, for the charges the free tier takes or a band other than the
--     first prices (as mv_spend_daily_free_tier and mv_spend_daily_volume_tiers, 768 and 769, move
--     them), what the rule counts less what that counted, per customer; the candidates (below).
--  2. their charges row by row, collapsed and joined to the free tier and volume tiers (the rule as
--     stated above, the query until then: test/customer-top-exact.test.ts holds the two passes to
--     it over every customer), for the columns pass 1 does not give (WABAs, first and last charge).
-- Measured on that database (2 cores): ~0.6–0.7 s for a month (~1–1.2 s of CPU), ~0.7–0.9 s for
-- five months; with all its 0.5M tiered charges a month in another band than the first (each then
-- joined by conversation_id, in pass 1), ~1.2 s and ~1.8 s. ~0.2 s on the demo data (was ~0.1 s).
-- Folding the charges without a price into their customer's row cost ~+50 ms on the demo data
-- (median of 12: ~140–185 → ~210–230 ms) and, with pass 1 grouping by customer and currency then
-- by customer again, 1.2 → 1.9 s for a month of a 10M-message database (1M customers), 1.1 →
-- 2.6 s for two; pass 1 grouped by customer alone brought it back to its time before the fold.
-- A per-customer daily rollup would not be smaller than the ledger: a month of that database held
-- 1.18M ledger rows of 1.16M customer-days (measured).
WITH
  -- the rate card's first day per market and category (view rate_card_first), read once: a charge
  -- of a market and category it has no row for, or of a day before, has no price
  (SELECT (groupArray(concat(market, '\0', category)), groupArray(first_from)) FROM rate_card_first) AS firsts,
  -- the period's ledger rows as stored (a charge's rows sum to 1 while it is live, 0 once retracted)
  stored AS (
    SELECT conversation_id, wa_id, sign, price,
           transform(concat(market, '\0', category), firsts.1, arrayEnumerate(firsts.1), 0) AS r,
           -- as the join to rate_card_first reads it (no row: market '')
           if(if(market = '', 1, r = 0), 1, local_date < firsts.2[r]) AS unpriced,
           -- the currency of a priced row as a number (0: no price), which pass 1 compares per customer
           -- faster than the text: an ISO 4217 code (core/reference/schemas.ts) fits its 8 bytes
           if(unpriced, 0, reinterpretAsUInt64(currency)) AS priced_in
    FROM conversations
    WHERE local_date BETWEEN {from:Date} AND {to:Date}
      AND wacost_in_filter({wabas:Array(String)}, waba_id) AND wacost_in_filter({phones:Array(String)}, phone_number_id)
      AND base_pricing = 'REGULAR'
  ),
  -- the charges the ledger row alone does not price: the free tier's, and the tiered ones whose
  -- band's price is not the first band's, which the ledger row carries (as 768 and 769 move them)
  free AS (
    SELECT conversation_id FROM free_tier
    WHERE month BETWEEN toStartOfMonth({from:Date}) AND toStartOfMonth({to:Date})
      AND local_date BETWEEN {from:Date} AND {to:Date} AND wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  banded AS (
    SELECT conversation_id, price FROM volume_tiers
    WHERE month BETWEEN toStartOfMonth({from:Date}) AND toStartOfMonth({to:Date})
      AND local_date BETWEEN {from:Date} AND {to:Date} AND wacost_in_filter({wabas:Array(String)}, waba_id)
      AND price != base_price
    GROUP BY conversation_id, price, base_price HAVING sum(sign) > 0
  ),
  -- pass 1, as one value (a scalar subquery runs once); pass 2 reads it as IN (SELECT arrayJoin(…)):
  -- `wa_id IN candidates` or has(candidates, wa_id) ran pass 1 twice (measured). Grouped by
  -- customer alone (grouping by customer and currency, then again by customer to fold the charges
  -- without a price, took 1.9 s for a month of 10M messages, against 1.2 s): a customer of at most
  -- one currency has at most one row, whose charges and amount are their sums; a customer of
  -- several ("mixed") has rows of at most their sum of charges. Ranked by charges, the mixed first
  -- among equal charges, then amount and wa_id (the list's order), the candidates are the first
  -- customers up to the 50th of one currency: that one's 50 first, and every mixed customer whose
  -- sum of charges reaches the 50th's. A row of the list is of one of them, since the list's 50th
  -- row is at least the 50th of the customers of one currency. Cut at the first 1,000 (a partial
  -- sort: groupArraySorted of the first kind and groupArray of the second cost ~+0.1–0.2 s on that
  -- database); where they hold fewer than 50 of one currency and more may follow, the second value
  -- is true and pass 2 reads every customer (exact, as slow as before pass 1). (The rate card
  -- prices a market in one currency: mixed customers are rare; none is in that database.
  -- test/customer-top-exact.test.ts writes 1,000 into the ledger to take the fallback.)
  -- (sorted again here: an aggregate's order is not the rows')
  (WITH arraySort(x -> (-x.1, -x.2, -x.3, x.4), groupArray((charges, toInt8(mixed), priced, wa_id))) AS r,
        arrayCount(x -> x.2 = 0, r) AS ones
   SELECT (arraySlice(arrayMap(x -> x.4, r), 1, if(ones < 50, length(r), arrayFirstIndex(n -> n = 50, arrayCumSum(arrayMap(x -> toUInt32(x.2 = 0), r))))),
           ones < 50 AND length(r) = 1000)
   FROM (
     SELECT wa_id, charges, priced, mixed FROM (
       -- mixed: priced in two currencies or more (rows of retracted charges too: a superset; the
       -- rows below the first part have their ledger row's currency, so 0)
       SELECT wa_id, sum(n) AS charges, sum(p) AS priced, minIf(currency, currency > 0) != maxIf(currency, currency > 0) AS mixed
       FROM (
         -- every row at the price it carries
         SELECT wa_id, priced_in AS currency, sign * if(unpriced, 1, price > 0) AS n,
                toDecimal128(sign, 0) * price * if(unpriced, 0, price > 0) AS p
         FROM stored
         UNION ALL
         -- the rows the free tier or a band prices otherwise: as the rule counts them, less the above
         -- (an inner join: with no such charge in the period the ledger is not read again)
         SELECT wa_id, 0,
                sign * (if(in_free, 0, if(unpriced, 1, amount > 0)) - if(unpriced, 1, price > 0)),
                toDecimal128(sign, 0) * (amount * if(in_free, 0, if(unpriced, 0, amount > 0)) - price * if(unpriced, 0, price > 0))
         FROM (
           SELECT x.wa_id AS wa_id, x.sign AS sign, x.price AS price, x.unpriced AS unpriced,
                  o.in_free AS in_free, if(o.in_free, x.price, o.price) AS amount
           FROM stored AS x
           JOIN (SELECT conversation_id, 1 AS in_free, toDecimal64(0, 6) AS price FROM free
                 UNION ALL SELECT conversation_id, 0, price FROM banded) AS o ON o.conversation_id = x.conversation_id
         )
       )
       GROUP BY wa_id
       HAVING charges > 0
     )
     ORDER BY charges DESC, mixed DESC, priced DESC, wa_id
     LIMIT 1000
   )) AS candidates,
  -- pass 2
  c AS (
    SELECT conversation_id, waba_id, phone_number_id, wa_id, market, category, close_reason, base_pricing, price, currency, local_date, opened_at
    FROM conversations
    WHERE local_date BETWEEN {from:Date} AND {to:Date}
      AND wacost_in_filter({wabas:Array(String)}, waba_id) AND wacost_in_filter({phones:Array(String)}, phone_number_id)
      AND base_pricing = 'REGULAR' AND (wa_id IN (SELECT arrayJoin(candidates.1)) OR candidates.2)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  v AS (
    SELECT conversation_id, price FROM volume_tiers
    WHERE month BETWEEN toStartOfMonth({from:Date}) AND toStartOfMonth({to:Date})
      AND local_date BETWEEN {from:Date} AND {to:Date} AND wacost_in_filter({wabas:Array(String)}, waba_id)
      AND conversation_id IN (SELECT conversation_id FROM c)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  charges AS (
    -- (conditions as if(a, b, 0): see api/customer_summary.sql)
    SELECT c.wa_id AS wa_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id,
           c.close_reason = '' AS per_message, c.opened_at AS opened_at,
           if(r.market = '', 1, c.local_date < r.first_from) AS unpriced, if(unpriced, '', c.currency) AS currency,
           if(v.conversation_id != '', v.price, c.price) AS amount
    FROM c
    LEFT JOIN free AS f ON f.conversation_id = c.conversation_id
    LEFT JOIN v ON v.conversation_id = c.conversation_id
    LEFT JOIN rate_card_first AS r ON r.market = c.market AND r.category = c.category
    WHERE f.conversation_id = '' AND if(unpriced, 1, amount > 0)
  ),
  -- per customer and currency ('' for the charges without a price); the WABAs and phone numbers
  -- as sets, so that the fold below counts them once
  per AS (
    SELECT wa_id, currency, count() AS n, countIf(per_message = 0) AS convs, countIf(per_message = 1) AS msgs,
           sumIf(amount, unpriced = 0) AS p, countIf(unpriced = 1) AS np,
           groupUniqArray(waba_id) AS waba_set, groupUniqArray(phone_number_id) AS phone_set,
           any(waba_id) AS a_waba, min(opened_at) AS first_at, max(opened_at) AS last_at
    FROM charges
    GROUP BY wa_id, currency
  )
SELECT g.wa_id AS wa_id, ifNull(wc.country, '') AS country, nullIf(g.cur, '') AS currency,
       g.charges AS charges, g.conversations AS conversations, g.messages AS messages,
       if(g.no_price = g.charges, NULL, wacost_money(g.priced)) AS amount, g.no_price AS unpriced,
       g.wabas AS wabas, g.phone_numbers AS phone_numbers,
       -- the WABA's name when all the charges are of one WABA
       if(g.wabas = 1, if(ifNull(w.name, '') = '', g.a_waba, w.name), '') AS waba_name,
       -- the time zone the page writes the charges' times in: their WABA's, UTC across several
       if(g.wabas = 1, if(ifNull(w.timezone, '') = '', 'UTC', w.timezone), 'UTC') AS timezone,
       g.first_at AS first_at, g.last_at AS last_at
FROM (
  -- the charges without a price in the customer's row of the currency of the most of their priced
  -- charges, then of the highest amount ('' when none has a price)
  SELECT wa_id, if(currency = '', main, currency) AS cur,
         wacost_total(sum(n)) AS charges, wacost_total(sum(convs)) AS conversations, wacost_total(sum(msgs)) AS messages,
         sum(p) AS priced, wacost_total(sum(np)) AS no_price,
         wacost_total(length(arrayDistinct(arrayFlatten(groupArray(waba_set))))) AS wabas,
         wacost_total(length(arrayDistinct(arrayFlatten(groupArray(phone_set))))) AS phone_numbers,
         any(a_waba) AS a_waba, min(first_at) AS first_at, max(last_at) AS last_at
  FROM (SELECT *, argMax(currency, (currency != '', n, p, currency)) OVER (PARTITION BY wa_id) AS main FROM per)
  GROUP BY wa_id, cur
  ORDER BY charges DESC, priced DESC, wa_id, cur
  LIMIT 50
) AS g
LEFT JOIN wa_countries AS wc ON wc.wa_id = g.wa_id
LEFT JOIN wabas AS w ON w.waba_id = g.a_waba
ORDER BY charges DESC, g.priced DESC, wa_id, g.cur
