-- Volume tiers (pricing-models.md §4): the REGULAR per-message charges of UTILITY, AUTHENTICATION
-- and AUTHENTICATION_INTERNATIONAL ranked per WABA, market, category and local month (by
-- delivery, then message id); the n-th pays the band with the greatest tier_from <= n among the
-- rate-card rows in force on its local date, and carries Meta's tier `LOWER:UPPER` (`LOWER:MAX`
-- for the last band). No bands in force (an unpriced charge): price, currency and tier null.
-- Read by the ledger and the exports at query time, so a late message re-ranks its month exactly.
CREATE OR REPLACE VIEW volume_tier_prices AS
SELECT conversation_id, n,
       if(empty(bs), NULL, band.2) AS price,
       if(empty(bs), NULL, band.3) AS currency,
       if(empty(bs), NULL, concat(toString(band.1 - 1), ':', if(nxt = 0, 'MAX', toString(nxt - 1)))) AS tier
FROM (
  SELECT c.conversation_id AS conversation_id, c.n AS n,
         arraySort(x -> x.1, b.bands) AS bs,
         arrayLast(x -> x.1 <= c.n, bs) AS band,
         arrayFirst(x -> x.1 > c.n, bs).1 AS nxt
  FROM (
    SELECT conversation_id, waba_id, market, category, local_date,
           row_number() OVER (PARTITION BY waba_id, market, category, toStartOfMonth(local_date)
                              ORDER BY opened_at, opening_message_id) AS n
    FROM (SELECT * EXCEPT sign FROM conversations
          WHERE close_reason = '' AND base_pricing = 'REGULAR'
            AND category IN ('UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL')
          GROUP BY ALL HAVING sum(sign) > 0)
  ) AS c
  ASOF LEFT JOIN (SELECT market, category, effective_from, groupArray((tier_from, price, currency)) AS bands
                  FROM rate_card GROUP BY market, category, effective_from) AS b
    ON b.market = c.market AND b.category = c.category AND b.effective_from <= c.local_date
)
