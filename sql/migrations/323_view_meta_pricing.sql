-- What Meta decided about each message, from its status lines (migration 321): one row per
-- message_id whose statuses carry a pricing or a conversation. Status lines accumulate, so the
-- choice must not depend on their order of arrival: pricing comes from the status with the
-- latest time, then the furthest status (sent < delivered < read < failed), then the greatest
-- values (a deterministic tie-break between statuses that disagree at one instant); the
-- conversation likewise, from the statuses that name one. Duplicates and re-batching of status
-- lines therefore never change a row. meta_billable: 1 billable, 0 not, null not said;
-- meta_conversation_expires_at null when not said.
CREATE OR REPLACE VIEW meta_pricing AS
SELECT message_id,
       p.2 AS meta_status, p.1 AS meta_status_at,
       if(p.3 = '', NULL, toUInt8(p.3 = 'true')) AS meta_billable,
       p.4 AS meta_pricing_model, p.5 AS meta_category, p.6 AS meta_type,
       c.3 AS meta_conversation_id, c.4 AS meta_origin_type,
       if(c.5 = toDateTime64(0, 3, 'UTC'), NULL, c.5) AS meta_conversation_expires_at
FROM (
  SELECT message_id,
         maxIf((ts, rank, pricing_billable, pricing_model, pricing_category, pricing_type),
               pricing_billable != '' OR pricing_model != '' OR pricing_category != '' OR pricing_type != '') AS pm,
         (pm.1, ['', 'sent', 'delivered', 'read', 'failed'][pm.2 + 1], pm.3, pm.4, pm.5, pm.6) AS p,
         maxIf((ts, rank, conversation_id, conversation_origin_type, conversation_expiration_ts), conversation_id != '') AS c
  FROM (
    SELECT *, toUInt8(indexOf(['sent', 'delivered', 'read', 'failed'], status)) AS rank FROM statuses
    WHERE pricing_billable != '' OR pricing_model != '' OR pricing_category != '' OR pricing_type != '' OR conversation_id != ''
  )
  GROUP BY message_id
)
