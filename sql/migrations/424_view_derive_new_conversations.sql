-- The ledger rows of the keys in derive_events (one derive slice), read by
-- derive/20_conversations*.sql, which write them to conversation_changes. Replaces 070 with the
-- pricing-model timeline (pricing-models.md):
-- - conversations (unit conversation), named by the event that opened it (conversation_id =
--   SipHash-128 of key and opening message id): closed at their natural end, at the start of a
--   free entry point (rule 6, `fep`), or at a change from CBP to PMP (§2, `model_change`; one that
--   expires exactly then keeps `expired`); a SERVICE conversation opened in a period whose
--   service is free is FREE_CUSTOMER_SERVICE;
-- - per-message charges (unit message, §3 P3: close_reason '' and closed_at = opened_at, printed
--   as null), named by SipHash-128 of key, message id and 'message'; pricing type before the
--   free tier (derive/40_free_tier) and volume tiers (view volume_tier_prices).
-- Priced by the market (the country when the rate card prices it, else its group, else OTHER) and
-- the rate-card row of its first band (tier_from = 1) in force on its local date (rule 9, §4).
CREATE OR REPLACE VIEW derive_new_conversations AS
SELECT c.bucket AS bucket, c.phone_number_id AS phone_number_id, c.wa_id AS wa_id,
       c.conversation_id AS conversation_id,
       c.waba_id AS waba_id, c.country AS country, c.market AS market, c.category AS category,
       c.opened_at AS opened_at, c.closed_at AS closed_at, c.close_reason AS close_reason,
       c.opening_message_id AS opening_message_id,
       c.base_pricing AS base_pricing,
       if(c.base_pricing = 'REGULAR', r.price, toDecimal64(0, 6)) AS price,
       multiIf(c.close_reason != '',
                 if(r.currency != '', r.currency, ifNull((SELECT any(currency) FROM rate_card), 'USD')),
               -- a REGULAR charge may become FREE_TIER (derive/40): without a price row it keeps the
               -- currency of its market's rows, which a free row shows (pricing-models.md P3)
               c.base_pricing = 'REGULAR' AND r.currency != '', r.currency,
               mc.currency) AS currency,
       c.local_date AS local_date, c.ad_id AS ad_id
FROM (
  SELECT g.*,
         -- market: the country when the rate card prices it, else its group, else OTHER
         multiIf(g.country != '' AND g.country IN (SELECT market FROM rate_card), g.country,
                 mm.market != '', mm.market, 'OTHER') AS market,
         if(g.category = 'FREE_ENTRY_POINT', 'SERVICE', g.category) AS price_category
  FROM (
    SELECT bucket, phone_number_id, wa_id,
           lower(hex(sipHash128(phone_number_id, wa_id, conv_mid))) AS conversation_id,
           conv_mid AS opening_message_id,
           anyIf(waba_id, is_op) AS waba_id,
           anyIf(country, is_op) AS country,
           anyIf(t, is_op) AS opened_at,
           anyIf(local_date, is_op) AS local_date,
           anyIf(etype, is_op) AS op_type,
           anyIf(fep_close, is_op) AS fep_close_at,
           anyIf(fep_ad_id, is_op) AS ad_id,
           anyIf(suppress_at, is_op) AS suppressed_at,
           anyIf(seg_end_ms, is_op) AS seg_end,
           multiIf(fep_close_at IS NOT NULL, 'FREE_ENTRY_POINT', op_type IN (0, 1), 'SERVICE',
                   op_type = 3, 'MARKETING', op_type = 4, 'UTILITY', op_type = 7, 'AUTHENTICATION_INTERNATIONAL',
                   'AUTHENTICATION') AS category,
           multiIf(category = 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT',
                   category = 'SERVICE' AND anyIf(svc_free, is_op) = 1, 'FREE_CUSTOMER_SERVICE',
                   'REGULAR') AS base_pricing,
           -- service rolls with every delivered inbound; business categories are fixed from
           -- their opening delivery; a free entry point runs from the reply.
           multiIf(category = 'FREE_ENTRY_POINT', assumeNotNull(fep_close_at),
                   category = 'SERVICE',
                     fromUnixTimestamp64Milli(maxIf(toUnixTimestamp64Milli(t) + ls, v IN (1, 3) AND etype IN (0, 1)), 'UTC'),
                   fromUnixTimestamp64Milli(toUnixTimestamp64Milli(opened_at) + anyIf(lb, is_op), 'UTC')) AS natural_close,
           -- rule 6: a free entry point that starts while the window is open closes it; §2: so
           -- does a change from CBP to PMP (first of the two; at the same instant, the change).
           if(category != 'FREE_ENTRY_POINT' AND suppressed_at IS NOT NULL,
              toUnixTimestamp64Milli(assumeNotNull(suppressed_at)), toInt64(32503680000000)) AS supp_ms,
           if(category != 'FREE_ENTRY_POINT', seg_end, toInt64(32503680000000)) AS change_ms,
           least(supp_ms, change_ms) AS early_ms,
           early_ms < toUnixTimestamp64Milli(natural_close) AS closed_early,
           if(closed_early, fromUnixTimestamp64Milli(early_ms, 'UTC'), natural_close) AS closed_at,
           multiIf(NOT closed_early, 'expired', change_ms <= supp_ms, 'model_change', 'fep') AS close_reason
    FROM (SELECT *, message_id = conv_mid AND etype != 9 AS is_op FROM derive_events WHERE conv_mid != '')
    GROUP BY bucket, phone_number_id, wa_id, conv_mid
    UNION ALL
    SELECT bucket, phone_number_id, wa_id,
           lower(hex(sipHash128(phone_number_id, wa_id, message_id, 'message'))) AS conversation_id,
           message_id AS opening_message_id, waba_id, country, t AS opened_at, local_date,
           etype AS op_type, NULL AS fep_close_at, '' AS ad_id, NULL AS suppressed_at, seg_end_ms AS seg_end,
           multiIf(etype = 6, 'SERVICE', etype = 3, 'MARKETING', etype = 4, 'UTILITY',
                   etype = 7, 'AUTHENTICATION_INTERNATIONAL', 'AUTHENTICATION') AS category,
           ptype AS base_pricing, t AS natural_close, toInt64(0) AS supp_ms, toInt64(0) AS change_ms,
           toInt64(0) AS early_ms, false AS closed_early, t AS closed_at, '' AS close_reason
    FROM derive_events WHERE charge = 1
  ) AS g
  LEFT JOIN market_map AS mm ON mm.country = g.country
) AS c
ASOF LEFT JOIN (SELECT * FROM rate_card WHERE tier_from = 1) AS r
  ON r.market = c.market AND r.category = c.price_category AND r.effective_from <= c.local_date
LEFT JOIN (SELECT market, any(currency) AS currency FROM rate_card GROUP BY market) AS mc ON mc.market = c.market
