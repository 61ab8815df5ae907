-- The conversations of the keys in derive_events (one derive slice), each named by the event that
-- opened it (conversation_id = SipHash-128 of key and opening message id), priced: market by
-- the country when the rate card prices it, else its group, else OTHER; price of the rate-card
-- row in force on the local date it opened (rule 9); closed at its natural end or, when a free
-- entry point started while it was open, at the FEP's start (rule 6). Read by
-- derive/20_conversations*.sql, which write it to conversation_changes.
CREATE OR REPLACE VIEW derive_new_conversations AS
SELECT c.bucket AS bucket, c.phone_number_id AS phone_number_id, c.wa_id AS wa_id,
       lower(hex(sipHash128(c.phone_number_id, c.wa_id, c.conv_mid))) AS conversation_id,
       c.waba_id AS waba_id, c.country AS country, c.market AS market, c.category AS category,
       c.opened_at AS opened_at, c.closed_at AS closed_at, c.close_reason AS close_reason,
       c.conv_mid AS opening_message_id,
       if(c.category = 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', 'REGULAR') AS base_pricing,
       if(c.category = 'FREE_ENTRY_POINT', toDecimal64(0, 6), r.price) AS price,
       if(r.currency != '', r.currency, ifNull((SELECT any(currency) FROM rate_card), 'USD')) AS currency,
       c.local_date AS local_date, c.ad_id AS ad_id
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
    FROM (SELECT *, message_id = conv_mid AND etype != 9 AS is_op FROM derive_events WHERE conv_mid != '')
    GROUP BY bucket, phone_number_id, wa_id, conv_mid
  ) AS g
  LEFT JOIN market_map AS mm ON mm.country = g.country
) AS c
ASOF LEFT JOIN rate_card AS r
  ON r.market = c.market AND r.category = c.price_category AND r.effective_from <= c.local_date
