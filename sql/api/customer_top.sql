-- The customers with the most charges in the period, for support's list "who was charged most?"
-- (the investigation page, before a search): one row per customer (wa_id) and currency over the
-- WABAs and phone numbers asked, with the charges of the local days {from}..{to} of their WABA —
-- charged conversations (conversation-based pricing) and charged messages (per-message pricing),
-- counted as the customer's answer counts them (api/customer_summary.sql, view
-- customer_conversations: REGULAR, not in the free tier, a price above 0 or none in the rate
-- card) and priced as the ledger export prices them (sql/exports/ledger.sql: the volume tier's
-- price for a tiered charge). amount sums the charges with a rate-card price (exact decimal
-- string); unpriced counts those without one, which it leaves out. A customer charged in two
-- currencies (WABAs of different rate cards) has a row per currency. The 50 with the most
-- charges, then the highest amount.
-- Read by period from the conversations table (one row per charge; its primary key is the
-- customer's, so the period is a filter, not a range: no message is read); the free-tier and
-- volume-tier rows by their month, the prefix of their keys after the WABA.
WITH
  c AS (
    SELECT conversation_id, waba_id, phone_number_id, wa_id, market, category, close_reason, base_pricing, price, currency, local_date, opened_at
    FROM conversations
    WHERE local_date BETWEEN {from:Date} AND {to:Date}
      AND wacost_in_filter({wabas:Array(String)}, waba_id) AND wacost_in_filter({phones:Array(String)}, phone_number_id)
      AND base_pricing = 'REGULAR'
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  f AS (
    SELECT conversation_id FROM free_tier
    WHERE month BETWEEN toStartOfMonth({from:Date}) AND toStartOfMonth({to:Date})
      AND local_date BETWEEN {from:Date} AND {to:Date} AND wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  v AS (
    SELECT conversation_id, price FROM volume_tiers
    WHERE month BETWEEN toStartOfMonth({from:Date}) AND toStartOfMonth({to:Date})
      AND local_date BETWEEN {from:Date} AND {to:Date} AND wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  charges AS (
    -- (conditions as if(a, b, 0): see api/customer_summary.sql)
    SELECT c.wa_id AS wa_id, c.waba_id AS waba_id, c.phone_number_id AS phone_number_id, c.currency AS currency,
           c.close_reason = '' AS per_message, c.opened_at AS opened_at,
           if(r.market = '', 1, c.local_date < r.first_from) AS unpriced,
           if(v.conversation_id != '', v.price, c.price) AS amount
    FROM c
    LEFT JOIN f ON f.conversation_id = c.conversation_id
    LEFT JOIN v ON v.conversation_id = c.conversation_id
    LEFT JOIN rate_card_first AS r ON r.market = c.market AND r.category = c.category
    WHERE f.conversation_id = '' AND if(unpriced, 1, amount > 0)
  )
SELECT g.wa_id AS wa_id, ifNull(wc.country, '') AS country, g.currency AS currency,
       g.charges AS charges, g.conversations AS conversations, g.messages AS messages,
       wacost_money(g.priced) AS amount, g.no_price AS unpriced,
       g.wabas AS wabas, g.phone_numbers AS phone_numbers,
       -- the WABA's name when all the charges are of one WABA
       if(g.wabas = 1, if(ifNull(w.name, '') = '', g.a_waba, w.name), '') AS waba_name,
       -- the time zone the page writes the charges' times in: their WABA's, UTC across several
       if(g.wabas = 1, if(ifNull(w.timezone, '') = '', 'UTC', w.timezone), 'UTC') AS timezone,
       g.first_at AS first_at, g.last_at AS last_at
FROM (
  SELECT wa_id, currency,
         wacost_total(count()) AS charges, wacost_total(countIf(per_message = 0)) AS conversations,
         wacost_total(countIf(per_message = 1)) AS messages,
         sumIf(amount, unpriced = 0) AS priced, wacost_total(countIf(unpriced = 1)) AS no_price,
         wacost_total(uniqExact(waba_id)) AS wabas, wacost_total(uniqExact(phone_number_id)) AS phone_numbers,
         any(waba_id) AS a_waba, min(opened_at) AS first_at, max(opened_at) AS last_at
  FROM charges
  GROUP BY wa_id, currency
  ORDER BY charges DESC, priced DESC, wa_id, currency
  LIMIT 50
) AS g
LEFT JOIN wa_countries AS wc ON wc.wa_id = g.wa_id
LEFT JOIN wabas AS w ON w.waba_id = g.a_waba
ORDER BY charges DESC, g.priced DESC, wa_id, currency
