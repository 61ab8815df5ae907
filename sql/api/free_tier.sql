-- Free tier per WABA and local month (rule 9), counted from the month's 1st to the period's end
-- {to} (or the month's end, or the latest data: `as_of`): the tier size (the free_tier of the
-- pricing-model timeline's last CBP row with a free tier in force in the month), conversations used, remaining, the day the last free conversation opened when the tier
-- ran out, and, when as_of is the WABA's latest data inside an unfinished month (in_progress),
-- a straight-line projection of the month's service conversations: the day the tier will run
-- out and the month-end overage cost at the rate card's service price for the month's market
-- mix. Months overlapping {from}..{to}. So the free tier used in a period that starts on a
-- month's 1st equals the headline's FREE_TIER conversations for the same WABA and period.
-- Conversations only (unit conversation, the count 'waba:<id>'), in months where a CBP row of the
-- pricing-model timeline with a free tier is in force; the per-message allowance per phone
-- number is /api/free-allowance (pricing-models.md §1: two separate counts).
WITH
  -- (from, next row's from, first row?, CBP with a free tier?, its size)
  (SELECT groupArray((effective_from, next_from, i = 1, model = 'CBP' AND service = 'free_tier', free_tier))
   FROM (SELECT *, leadInFrame(effective_from, 1, toDate('2149-06-06')) OVER w AS next_from, row_number() OVER w AS i
         FROM pricing_models
         WINDOW w AS (ORDER BY effective_from ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))) AS timeline,
  svc AS (
    SELECT waba_id, toStartOfMonth(local_date) AS month, any(currency) AS cur,
           sum(conversations) AS service_all,
           sumIf(conversations, pricing_type = 'REGULAR') AS paid,
           sumIf(cost, pricing_type = 'REGULAR') AS paid_cost
    FROM spend_daily
    WHERE category = 'SERVICE' AND unit = 'conversation' AND wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date <= {to:Date}
    GROUP BY waba_id, month
    HAVING service_all != 0
       AND arrayExists(x -> (x.1 <= toLastDayOfMonth(month) OR x.3) AND x.2 > month AND x.4, timeline)
  ),
  latest AS (
    SELECT waba_id, max(local_date) AS data_end, least(data_end, {to:Date}) AS period_end FROM spend_daily
    WHERE unit = 'conversation' AND wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY waba_id HAVING sum(conversations) != 0
  ),
  price AS (
    -- What one more service conversation costs this WABA: the rate card's SERVICE price in
    -- effect at the month's last day, weighted by the month's mix of markets.
    SELECT d.waba_id AS waba_id, d.month AS month, sum(d.n * r.price) / sum(d.n) AS avg_price
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
SELECT s.waba_id AS waba_id, if(w.name != '', w.name, s.waba_id) AS waba_name,
       toDateTime64(s.month, 3, 'UTC') AS month, s.cur AS currency,
       -- the size the derive compares with (derive/40_free_tier.sql): the timeline's, of the last CBP
       -- row with a free tier in force in the month
       toInt32(arrayLast(x -> (x.1 <= toLastDayOfMonth(s.month) OR x.3) AND x.2 > s.month AND x.4, timeline).5) AS tier,
       toInt32(ifNull(f.used, 0)) AS used,
       toInt32(tier - used) AS remaining,
       toInt32(s.service_all) AS service_conversations,
       toInt32(s.paid) AS paid_conversations,
       toFloat64(s.paid_cost) AS paid_cost,
       if(used >= tier, toDateTime64(f.last_free_day, 3, 'UTC'), NULL) AS ran_out_on,
       toDateTime64(least(l.period_end, toLastDayOfMonth(s.month)), 3, 'UTC') AS as_of,
       toStartOfMonth(l.data_end) = s.month AND toDate(as_of) = l.data_end AND toDate(as_of) < toLastDayOfMonth(s.month) AS in_progress,
       toInt32(toDayOfMonth(toLastDayOfMonth(s.month))) AS days_in_month,
       toInt32(if(in_progress, toDayOfMonth(as_of), days_in_month)) AS days_elapsed,
       toInt32(round(s.service_all * days_in_month / days_elapsed)) AS projected_service,
       if(in_progress AND used < tier AND projected_service > tier,
          toDateTime64(toDate(as_of) + toIntervalDay(toUInt32(ceil((tier - used) * days_elapsed / s.service_all))), 3, 'UTC'),
          NULL) AS projected_run_out_on,
       toInt32(greatest(projected_service - tier, 0)) AS projected_overage,
       if(in_progress, round(toFloat64(p.avg_price * projected_overage), 6), toFloat64(s.paid_cost)) AS projected_overage_cost
FROM svc AS s
LEFT JOIN free_days AS f ON f.waba_id = s.waba_id AND f.month = s.month
LEFT JOIN latest AS l ON l.waba_id = s.waba_id
LEFT JOIN price AS p ON p.waba_id = s.waba_id AND p.month = s.month
LEFT JOIN wabas AS w ON w.waba_id = s.waba_id
WHERE s.month <= {to:Date} AND toLastDayOfMonth(s.month) >= {from:Date}
ORDER BY waba_name, waba_id, month
