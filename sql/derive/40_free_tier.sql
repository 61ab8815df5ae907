-- The free tier (rule 9; pricing-models.md §1, §3 P3): in each free-tier count (per WABA for
-- conversations, per business phone number for per-message charges: service_conversations.counter)
-- and local month, SERVICE charges priced under a period whose service is free_tier are ranked by
-- opened_at then opening_message_id (byte-wise); each is FREE_TIER when its rank is within its own
-- period's free_tier (the timeline row in force on its local date). Re-ranks only the counts and
-- months marked in free_tier_dirty where it can matter (not full yet, or a change lies at or
-- before its last free charge) and writes the difference to free_tier. It reads every mark, not
-- only this run's: marks of a run that crashed before this step are still pending
-- (derive/45_clear_free_tier_dirty clears them once this step has finished). Each FREE_TIER row
-- carries its charge's country, the ledger row's (service_conversations.country, read with the
-- charge it ranks), so the spend rollup moves it within that country.
INSERT INTO free_tier (waba_id, month, conversation_id, opened_at, opening_message_id, phone_number_id, market,
  price, currency, local_date, counter, country, sign)
WITH
  (SELECT groupArray((effective_from, free_tier))
   FROM (SELECT * FROM pricing_models ORDER BY effective_from)) AS tiers,
  arrayReduce('max', arrayMap(x -> x.2, tiers)) AS most,
  live_free AS (
    SELECT * EXCEPT sign FROM free_tier
    WHERE (counter, month) IN (SELECT counter, month FROM free_tier_dirty)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  months AS (
    SELECT d.counter, d.month
    FROM (SELECT counter, month, min((opened_at, opening_message_id)) AS first_change
          FROM free_tier_dirty GROUP BY counter, month) AS d
    LEFT JOIN (SELECT counter, month, count() AS used, max((opened_at, opening_message_id)) AS last_free
               FROM live_free GROUP BY counter, month) AS f
      ON f.counter = d.counter AND f.month = d.month
    WHERE f.used < most OR d.first_change <= f.last_free
  ),
  ranked AS (
    SELECT r.waba_id AS waba_id, r.month AS month, r.conversation_id AS conversation_id, r.opened_at AS opened_at,
           r.opening_message_id AS opening_message_id, r.phone_number_id AS phone_number_id, r.market AS market,
           r.price AS price, r.currency AS currency, r.local_date AS local_date, r.counter AS counter, r.country AS country
    FROM (
      SELECT *, row_number() OVER (PARTITION BY counter, month ORDER BY opened_at, opening_message_id) AS rank
      FROM (SELECT * EXCEPT sign FROM service_conversations
            WHERE (counter, month) IN (SELECT counter, month FROM months)
            GROUP BY ALL HAVING sum(sign) > 0)
    ) AS r
    -- before the timeline's first row, the first row applies
    WHERE r.rank <= (if(empty(arrayFilter(x -> x.1 <= r.local_date, tiers)), tiers[1], arrayLast(x -> x.1 <= r.local_date, tiers))).2
  )
SELECT * EXCEPT s, toInt8(sum(s)) AS sign
FROM (
  SELECT *, 1 AS s FROM ranked
  UNION ALL
  SELECT *, -1 AS s FROM live_free WHERE (counter, month) IN (SELECT counter, month FROM months)
)
GROUP BY ALL
HAVING sum(s) != 0
