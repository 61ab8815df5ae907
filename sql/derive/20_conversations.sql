-- Builds the conversations of the re-derived keys from derive_events (each named by the event
-- that opened it), prices them, and writes to conversation_changes only the difference to what
-- is live: +1 for new or changed rows, -1 for rows that no longer hold. Re-deriving an unchanged
-- key therefore writes nothing.
INSERT INTO conversation_changes
WITH
  new_rows AS (
    SELECT c.bucket, c.phone_number_id, c.wa_id,
           lower(hex(sipHash128(c.phone_number_id, c.wa_id, c.conv_mid))) AS conversation_id,
           c.waba_id, c.country, c.market, c.category, c.opened_at, c.closed_at, c.close_reason,
           c.conv_mid AS opening_message_id,
           if(c.category = 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', 'REGULAR') AS base_pricing,
           if(c.category = 'FREE_ENTRY_POINT', toDecimal64(0, 6), r.price) AS price,
           if(r.currency != '', r.currency, ifNull((SELECT any(currency) FROM rate_card), 'USD')) AS currency,
           c.local_date, c.ad_id
    FROM (
      SELECT g.*,
             -- market: the country when the rate card prices it, else its group, else OTHER
             multiIf(g.country != '' AND g.country IN (SELECT market FROM rate_card), g.country,
                     mm.market != '', mm.market, 'OTHER') AS market,
             if(g.category = 'FREE_ENTRY_POINT', 'SERVICE', g.category) AS price_category
      FROM (
        SELECT bucket, phone_number_id, wa_id, conv_mid,
               anyIf(waba_id, is_op) AS waba_id,
               anyIf(country, is_op) AS country,
               anyIf(t, is_op) AS opened_at,
               anyIf(local_date, is_op) AS local_date,
               anyIf(etype, is_op) AS op_type,
               anyIf(fep_close, is_op) AS fep_close_at,
               anyIf(fep_ad_id, is_op) AS ad_id,
               anyIf(suppress_at, is_op) AS suppressed_at,
               multiIf(fep_close_at IS NOT NULL, 'FREE_ENTRY_POINT', op_type IN (0, 1), 'SERVICE',
                       op_type = 3, 'MARKETING', op_type = 4, 'UTILITY', 'AUTHENTICATION') AS category,
               -- service rolls with every delivered inbound; business categories are fixed from
               -- their opening delivery; a free entry point runs from the reply.
               multiIf(category = 'FREE_ENTRY_POINT', assumeNotNull(fep_close_at),
                       category = 'SERVICE',
                         fromUnixTimestamp64Milli(maxIf(toUnixTimestamp64Milli(t) + ls, v IN (1, 3) AND etype IN (0, 1)), 'UTC'),
                       fromUnixTimestamp64Milli(toUnixTimestamp64Milli(opened_at) + anyIf(lb, is_op), 'UTC')) AS natural_close,
               -- rule 6: a free entry point that starts while the window is open closes it.
               category != 'FREE_ENTRY_POINT' AND suppressed_at IS NOT NULL
                 AND assumeNotNull(suppressed_at) < natural_close AS suppressed,
               if(suppressed, assumeNotNull(suppressed_at), natural_close) AS closed_at,
               if(suppressed, 'fep', 'expired') AS close_reason
        FROM (SELECT *, message_id = conv_mid AND etype NOT IN (2, 9) AS is_op FROM derive_events WHERE conv_mid != '')
        GROUP BY bucket, phone_number_id, wa_id, conv_mid
      ) AS g
      LEFT JOIN market_map AS mm ON mm.country = g.country
    ) AS c
    ASOF LEFT JOIN rate_card AS r
      ON r.market = c.market AND r.category = c.price_category AND r.effective_from <= c.local_date
  ),
  live_rows AS (
    SELECT * EXCEPT sign
    FROM conversations
    WHERE {all:UInt8} = 0
      AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
      AND (bucket, phone_number_id, wa_id) IN (
        SELECT bucket, phone_number_id, wa_id FROM derive_queue
        WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8})
    GROUP BY ALL
    HAVING sum(sign) > 0
  )
SELECT {run:UInt64} AS run_id, * EXCEPT s, toInt8(sum(s)) AS sign
FROM (
  SELECT *, 1 AS s FROM new_rows
  UNION ALL
  SELECT *, -1 AS s FROM live_rows
)
GROUP BY ALL
HAVING sum(s) != 0
