-- Free tier per WABA and local month (rule 9), counted from the month's 1st to the period's end
-- {to} (or the month's end, or the latest data: `as_of`): the tier size (the free_tier of the
-- pricing-model timeline's last CBP row with a free tier in force in the month), conversations
-- used, remaining, the day the last free conversation opened when the tier ran out, and, when
-- as_of is the WABA's latest data inside an unfinished month (in_progress), a straight-line
-- projection of the month's service conversations: the day the tier will run out and the
-- month-end overage cost: the paid conversations' cost so far plus the rest of the overage at the
-- rate card's service price for the month's market mix.
-- Rows: the months overlapping {from}..{to} with service conversations under a CBP free tier, and
-- always the month of the period's end ({to}; left open, the last day with data of the WABAs in
-- scope, as the dashboard draws it) for each WABA with data: the gauge shows that month, not the
-- latest one with service conversations (fresh-user trial). That month's row may have no service
-- conversations (0 used is then a real figure), no CBP free tier (tier NULL: pricing_model,
-- service and model_from say the pricing-model row in force at as_of, e.g. service free since
-- 2024-11-01, per-message pricing since 2025-07-01), or lie outside the WABA's data (covered 0,
-- data_from/data_to its days with data: nothing can be counted there, never a silent 0).
-- paid_unpriced: paid service conversations with no rate-card price (the test of unpriced_daily,
-- migration 340); with any, paid_cost is null (the rollup holds 0 for them), as /api/spend and
-- the exports leave such an amount; the projection's cost is null when a market of the month's
-- mix has no service price at its last day (the join found none: it read 0).
-- So the free tier used in a period that starts on a month's 1st equals the headline's
-- FREE_TIER conversations for the same WABA and period.
-- Conversations only (unit conversation, the count 'waba:<id>'); the per-message allowance per
-- phone number is /api/free-allowance (pricing-models.md §1: two separate counts).
WITH
  -- (from, next row's from, first row?, CBP with a free tier?, its size, model, service)
  (SELECT groupArray((effective_from, next_from, i = 1, model = 'CBP' AND service = 'free_tier', free_tier, model, service))
   FROM (SELECT *, leadInFrame(effective_from, 1, toDate('2149-06-06')) OVER w AS next_from, row_number() OVER w AS i
         FROM pricing_models
         WINDOW w AS (ORDER BY effective_from ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) AS timeline,
  svc AS (
    SELECT s.waba_id AS waba_id, toStartOfMonth(s.local_date) AS month, any(s.currency) AS cur,
           sum(s.conversations) AS service_all,
           sumIf(s.conversations, s.pricing_type = 'REGULAR') AS paid,
           sumIf(s.cost, s.pricing_type = 'REGULAR') AS paid_cost,
           sumIf(s.conversations, s.pricing_type = 'REGULAR' AND (r.market = '' OR s.local_date < r.first_from)) AS paid_unpriced
    FROM spend_daily AS s
    LEFT JOIN rate_card_first AS r
      ON r.market = s.market AND r.category = s.category
    WHERE s.category = 'SERVICE' AND s.unit = 'conversation' AND wacost_in_filter({wabas:Array(String)}, s.waba_id) AND s.local_date <= {to:Date}
    GROUP BY waba_id, month
    HAVING service_all != 0
       AND arrayExists(x -> (x.1 <= toLastDayOfMonth(month) OR x.3) AND x.2 > month AND x.4, timeline)
  ),
  -- each WABA with charges or conversations, and its days with data as the filter bar's
  -- first_day and last_day (sql/api/filter_options.sql): those of its messages too. A message
  -- that opens nothing (an inbound under per-message pricing) extended the filter bar's days
  -- but not these, so after one of today the period (open) ended today while this gauge showed
  -- the month of the last charge, and a period to today said the WABA's data did not cover it
  -- (fresh-user trial: a webhook of 2026-12-04, the gauge on September 2024, "CBP").
  span AS (
    SELECT s.waba_id AS waba_id, if(v.n > 0, least(s.first_day, v.first_day), s.first_day) AS first_day,
           if(v.n > 0, greatest(s.last_day, v.last_day), s.last_day) AS last_day, s.cur AS cur
    FROM (SELECT waba_id, min(local_date) AS first_day, max(local_date) AS last_day, any(currency) AS cur FROM spend_daily
          WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
          GROUP BY waba_id HAVING sum(conversations) != 0) AS s
    LEFT JOIN (SELECT waba_id, min(local_date) AS first_day, max(local_date) AS last_day, 1 AS n FROM verdict_daily
               WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
               GROUP BY waba_id HAVING sum(messages) != 0) AS v ON v.waba_id = s.waba_id
  ),
  -- the period's end: {to}, or left open ({to_open} = 1) the last day with data
  -- (the latest day outside the if: with {to} given, the if folded the max away and the
  -- subquery answered one row per WABA: "more than one row", a 500 for every WABA at once)
  if({to_open:UInt8} = 1, (SELECT max(last_day) FROM span), {to:Date}) AS period_end,
  -- the months shown: those with service conversations, and each WABA's month of the period's end
  months AS (
    SELECT waba_id, month, cur, service_all, paid, paid_cost, paid_unpriced FROM svc
    UNION ALL
    SELECT waba_id, toStartOfMonth(period_end), cur, 0, 0, 0, 0 FROM span
    WHERE (waba_id, toStartOfMonth(period_end)) NOT IN (SELECT waba_id, month FROM svc)
  ),
  price AS (
    -- What one more service conversation costs this WABA: the rate card's SERVICE price in
    -- effect at the month's last day, weighted by the month's mix of markets.
    SELECT d.waba_id AS waba_id, d.month AS month,
           if(countIf(r.market = '') > 0, NULL, sum(d.n * r.price) / sum(d.n)) AS avg_price
    FROM (SELECT waba_id, toStartOfMonth(local_date) AS month, market, max(local_date) AS last_day,
                 sum(conversations) AS n
          FROM spend_daily
          WHERE category = 'SERVICE' AND unit = 'conversation' AND wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date <= {to:Date}
          GROUP BY waba_id, month, market HAVING n != 0) AS d
    ASOF LEFT JOIN (SELECT * FROM rate_card WHERE category = 'SERVICE') AS r
      ON r.market = d.market AND r.effective_from <= d.last_day
    GROUP BY d.waba_id, d.month
  ),
  free_days AS (
    SELECT waba_id, month, count() AS used, max(local_date) AS last_free_day
    FROM (SELECT waba_id, month, conversation_id, local_date FROM free_tier
          WHERE startsWith(counter, 'waba:') AND wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date <= {to:Date} GROUP BY ALL HAVING sum(sign) > 0)
    GROUP BY waba_id, month
  )
-- tier_row, has_tier and in_force are steps, not columns of the answer; a month outside the
-- WABA's data (covered 0) has no count: its figures are null, never 0 (an API reader took its
-- "used 0, projected overage 0" for a month that was counted: break-it trial)
SELECT * EXCEPT (tier_row, has_tier, in_force) REPLACE (
  if(covered = 1, used, NULL) AS used, if(covered = 1, remaining, NULL) AS remaining,
  if(covered = 1, service_conversations, NULL) AS service_conversations,
  if(covered = 1, paid_conversations, NULL) AS paid_conversations, if(covered = 1, paid_cost, NULL) AS paid_cost,
  if(covered = 1, paid_unpriced, NULL) AS paid_unpriced, if(covered = 1, projected_service, NULL) AS projected_service,
  if(covered = 1, projected_overage, NULL) AS projected_overage, if(covered = 1, projected_overage_cost, NULL) AS projected_overage_cost)
FROM (
SELECT s.waba_id AS waba_id, if(w.name != '', w.name, s.waba_id) AS waba_name,
       toDateTime64(s.month, 3, 'UTC') AS month, s.cur AS currency,
       -- the last CBP row with a free tier in force on some day of the month (none: the default
       -- tuple, whose "CBP with a free tier" is false, and tier NULL); its size is the one the
       -- derive compares with (derive/40_free_tier.sql)
       arrayLast(x -> (x.1 <= toLastDayOfMonth(s.month) OR x.3) AND x.2 > s.month AND x.4, timeline) AS tier_row,
       tier_row.4 AS has_tier,
       if(has_tier, toNullable(toInt32(tier_row.5)), NULL) AS tier,
       toInt32(ifNull(f.used, 0)) AS used,
       toInt32(tier - used) AS remaining,
       toInt32(s.service_all) AS service_conversations,
       toInt32(s.paid) AS paid_conversations,
       if(s.paid_unpriced > 0, NULL, toFloat64(s.paid_cost)) AS paid_cost,
       toInt32(s.paid_unpriced) AS paid_unpriced,
       if(used >= tier, toDateTime64(f.last_free_day, 3, 'UTC'), NULL) AS ran_out_on,
       toDateTime64(least(sp.last_day, period_end, toLastDayOfMonth(s.month)), 3, 'UTC') AS as_of,
       -- the WABA has data on some day from the month's 1st to the period's end
       toUInt8(sp.last_day >= s.month AND sp.first_day <= least(period_end, toLastDayOfMonth(s.month))) AS covered,
       toDateTime64(sp.first_day, 3, 'UTC') AS data_from,
       toDateTime64(sp.last_day, 3, 'UTC') AS data_to,
       -- the pricing-model row in force at as_of (before the first row, the first row)
       arrayLast(x -> x.1 <= toDate(as_of) OR x.3, timeline) AS in_force,
       in_force.6 AS pricing_model,
       in_force.7 AS service,
       toDateTime64(in_force.1, 3, 'UTC') AS model_from,
       covered AND toStartOfMonth(sp.last_day) = s.month AND toDate(as_of) = sp.last_day AND toDate(as_of) < toLastDayOfMonth(s.month) AS in_progress,
       toInt32(toDayOfMonth(toLastDayOfMonth(s.month))) AS days_in_month,
       toInt32(if(in_progress, toDayOfMonth(as_of), days_in_month)) AS days_elapsed,
       -- rounded half away from zero, as the dashboard rounds its totals, in integers: round() of
       -- the Float rounded halves to even (683 × 30 / 20 = 1,024.5 read 1,024, 2,029.5 read 2,030)
       toInt32(intDiv(2 * s.service_all * days_in_month + days_elapsed, 2 * days_elapsed)) AS projected_service,
       if(in_progress AND used < tier AND projected_service > tier,
          toDateTime64(toDate(as_of) + toIntervalDay(toUInt32(ceil((tier - used) * days_elapsed / s.service_all))), 3, 'UTC'),
          NULL) AS projected_run_out_on,
       toInt32(greatest(projected_service - tier, 0)) AS projected_overage,
       -- what was paid so far plus the rest of the overage at the month's average service price
       -- (all of it at the average did not add up to the paid part it said it included: trial);
       -- no overage costs 0 whatever the price; a part at no known price makes it null
       if(in_progress,
          if(projected_overage = 0 AND s.paid = 0, 0,
             round(paid_cost + if(projected_overage > s.paid, toFloat64(p.avg_price * (projected_overage - s.paid)), 0), 6)),
          paid_cost) AS projected_overage_cost
FROM months AS s
LEFT JOIN free_days AS f ON f.waba_id = s.waba_id AND f.month = s.month
LEFT JOIN span AS sp ON sp.waba_id = s.waba_id
LEFT JOIN price AS p ON p.waba_id = s.waba_id AND p.month = s.month
LEFT JOIN wabas AS w ON w.waba_id = s.waba_id
WHERE s.month <= {to:Date} AND toLastDayOfMonth(s.month) >= {from:Date}
)
ORDER BY waba_name, waba_id, month
