-- The per-message free allowance per business phone number and local month (pricing-models.md
-- §1 and §3: under a PMP row whose service is free_tier, the first free_tier SERVICE messages of
-- each phone number and month are free), counted from the month's 1st to {to}: the allowance
-- (the free_tier of the last such row in force in the month), used (FREE_TIER charges of the
-- count 'phone:<id>'), remaining, the paid service messages and their cost, and the day the last
-- free one was delivered when the allowance ran out. Months overlapping {from}..{to} in which such
-- a row is in force; the CBP per-WABA gauge is /api/free-tier. Market and category filters do
-- not apply (the allowance covers every market of the number). paid_unpriced: paid service
-- messages with no rate-card price (the test of unpriced_daily, migration 340); with any,
-- paid_cost is null (the rollup holds 0 for them), as /api/spend and the exports leave it.
WITH
  -- (from, model, service, free_tier, next row's from, first row?)
  (SELECT groupArray((effective_from, model, service, free_tier, next_from, i = 1))
   FROM (SELECT *, leadInFrame(effective_from, 1, toDate('2149-06-06')) OVER w AS next_from, row_number() OVER w AS i
         FROM pricing_models
         WINDOW w AS (ORDER BY effective_from ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) AS timeline,
  months AS (
    SELECT s.waba_id AS waba_id, s.phone_number_id AS phone_number_id, toStartOfMonth(s.local_date) AS month, any(s.currency) AS cur,
           sumIf(s.conversations, s.pricing_type = 'REGULAR') AS paid,
           sumIf(s.cost, s.pricing_type = 'REGULAR') AS paid_cost,
           sumIf(s.conversations, s.pricing_type = 'REGULAR' AND (r.market = '' OR s.local_date < r.first_from)) AS paid_unpriced,
           sumIf(s.conversations, s.pricing_type = 'FREE_TIER') AS free_in_rollup
    FROM spend_daily AS s
    LEFT JOIN rate_card_first AS r
      ON r.market = s.market AND r.category = s.category
    WHERE s.category = 'SERVICE' AND s.unit = 'message'
      AND wacost_in_filter({wabas:Array(String)}, s.waba_id)
      AND wacost_in_filter({phones:Array(String)}, s.phone_number_id)
      AND s.local_date <= {to:Date} AND s.local_date >= toStartOfMonth({from:Date})
    GROUP BY waba_id, phone_number_id, month
    HAVING paid != 0 OR free_in_rollup != 0
  ),
  used AS (
    SELECT waba_id, phone_number_id, month, count() AS n, max(local_date) AS last_free_day
    FROM (SELECT waba_id, phone_number_id, month, conversation_id, local_date FROM free_tier
          WHERE startsWith(counter, 'phone:') AND wacost_in_filter({wabas:Array(String)}, waba_id)
            AND wacost_in_filter({phones:Array(String)}, phone_number_id) AND local_date <= {to:Date}
          GROUP BY ALL HAVING sum(sign) > 0)
    GROUP BY waba_id, phone_number_id, month
  ),
  -- the rows in force on some day of the month that are PMP with a free allowance (before the
  -- first row, the first row applies); the last one's size (an expression, not a column)
  arrayFilter(x -> (x.1 <= toLastDayOfMonth(m.month) OR x.6) AND x.5 > m.month AND x.2 = 'PMP' AND x.3 = 'free_tier',
              timeline) AS rows_pmp
SELECT m.waba_id AS waba_id, if(w.name != '', w.name, m.waba_id) AS waba_name, m.phone_number_id AS phone_number_id,
       if(p.label != '', p.label, m.phone_number_id) AS label,
       toDateTime64(m.month, 3, 'UTC') AS month, m.cur AS currency,
       toInt32(rows_pmp[-1].4) AS allowance,
       toInt32(ifNull(u.n, 0)) AS used,
       toInt32(allowance - used) AS remaining,
       toInt32(m.paid) AS paid_messages,
       if(m.paid_unpriced > 0, NULL, toFloat64(m.paid_cost)) AS paid_cost,
       if(used >= allowance, toDateTime64(u.last_free_day, 3, 'UTC'), NULL) AS ran_out_on,
       toInt32(m.paid_unpriced) AS paid_unpriced
FROM months AS m
LEFT JOIN used AS u ON u.waba_id = m.waba_id AND u.phone_number_id = m.phone_number_id AND u.month = m.month
LEFT JOIN wabas AS w ON w.waba_id = m.waba_id
LEFT JOIN phone_number_labels AS p ON p.phone_number_id = m.phone_number_id
WHERE notEmpty(rows_pmp)
ORDER BY waba_name, waba_id, label, phone_number_id, month
