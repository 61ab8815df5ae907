-- bench:reconcile's fixture: Meta's pricing on every delivered message, as a live deployment
-- receives it (each outbound message the rules delivered gets a 'delivered' status line carrying
-- pricing and conversation), written straight into statuses of a COPY of the benchmark's
-- database. It agrees with the derived decision (view reconciliation_of's conversation_charged:
-- REGULAR and not free tier; its category; a Meta conversation id per derived conversation)
-- except for ~1 % of messages, whose UTILITY / MARKETING category is swapped, so category
-- mismatches exist. Measurement only: the benchmark's own status lines price messages it never
-- stored, so its reconciliation finds nothing.
INSERT INTO statuses (message_id, status, ts, error_code, error_title, recipient_id, pricing_billable, pricing_model,
                      pricing_category, pricing_type, conversation_id, conversation_origin_type, conversation_expiration_ts, wabas)
WITH (SELECT groupArray((effective_from, model)) FROM (SELECT * FROM pricing_models ORDER BY effective_from)) AS tl
SELECT v.message_id, 'delivered', v.event_at, '', '', v.wa_id,
       if(charges, 'true', 'false'),
       tl[arrayLastIndex(x -> x.1 <= v.local_date, tl)].2,
       multiIf(cityHash64(v.message_id) % 100 = 0 AND cat = 'UTILITY', 'MARKETING',
               cityHash64(v.message_id) % 100 = 0 AND cat = 'MARKETING', 'UTILITY', cat),
       if(charges, 'REGULAR', if(c.base_pricing IN ('', 'REGULAR'), 'FREE_CUSTOMER_SERVICE', c.base_pricing)),
       if(v.conversation_id = '', '', concat('mc.', v.conversation_id)),
       cat,
       if(c.conversation_id = '', toDateTime64(0, 3, 'UTC'), c.opened_at + INTERVAL 24 HOUR),
       []
FROM (SELECT * EXCEPT sign FROM verdicts WHERE direction = 'outbound' GROUP BY ALL HAVING sum(sign) > 0) AS v
LEFT JOIN (SELECT * EXCEPT sign FROM conversations GROUP BY ALL HAVING sum(sign) > 0) AS c ON c.conversation_id = v.conversation_id
LEFT JOIN (SELECT conversation_id FROM free_tier GROUP BY ALL HAVING sum(sign) > 0) AS f ON f.conversation_id = v.conversation_id
-- the derived charge, as view reconciliation_of computes it (conversation_charged = REGULAR, not free tier)
ARRAY JOIN [v.verdict = 'CHARGED' OR (v.verdict = 'OPENED' AND c.opening_message_id = v.message_id
            AND c.base_pricing = 'REGULAR' AND f.conversation_id = '')] AS charges,
           [if(c.category = '', 'SERVICE', c.category)] AS cat
WHERE v.verdict != 'NOT_DELIVERED'
