-- Rule 9: the first N SERVICE conversations of each WABA and local month (N in effect at the
-- month's start), by opened_at then opening_message_id (byte-wise), are FREE_TIER. Re-ranks only
-- the months marked in free_tier_dirty where it can matter (the month is not full yet, or a
-- change lies at or before its last free conversation) and writes the difference to free_tier.
-- It reads every mark, not only this run's: marks of a run that crashed before this step are
-- still pending (derive/45_clear_free_tier_dirty clears them once this step has finished).
INSERT INTO free_tier
WITH
  (SELECT groupArray((toDate(effective_from), free_tier))
   FROM (SELECT * FROM billing_settings ORDER BY effective_from)) AS tiers,
  live_free AS (
    SELECT * EXCEPT sign FROM free_tier
    WHERE (waba_id, month) IN (SELECT waba_id, month FROM free_tier_dirty)
    GROUP BY ALL HAVING sum(sign) > 0
  ),
  months AS (
    SELECT d.waba_id, d.month
    FROM (SELECT waba_id, month, min((opened_at, opening_message_id)) AS first_change
          FROM free_tier_dirty GROUP BY waba_id, month) AS d
    LEFT JOIN (SELECT waba_id, month, count() AS used, max((opened_at, opening_message_id)) AS last_free
               FROM live_free GROUP BY waba_id, month) AS f
      ON f.waba_id = d.waba_id AND f.month = d.month
    WHERE f.used < arrayLast(x -> x.1 <= d.month, tiers).2 OR d.first_change <= f.last_free
  ),
  ranked AS (
    SELECT waba_id, month, conversation_id, opened_at, opening_message_id, phone_number_id, market, price, currency,
           local_date
    FROM (
      SELECT *, row_number() OVER (PARTITION BY waba_id, month ORDER BY opened_at, opening_message_id) AS rank
      FROM (SELECT * EXCEPT sign FROM service_conversations
            WHERE (waba_id, month) IN (SELECT waba_id, month FROM months)
            GROUP BY ALL HAVING sum(sign) > 0)
    )
    WHERE rank <= arrayLast(x -> x.1 <= month, tiers).2
  )
SELECT * EXCEPT s, toInt8(sum(s)) AS sign
FROM (
  SELECT *, 1 AS s FROM ranked
  UNION ALL
  SELECT *, -1 AS s FROM live_free WHERE (waba_id, month) IN (SELECT waba_id, month FROM months)
)
GROUP BY ALL
HAVING sum(s) != 0
