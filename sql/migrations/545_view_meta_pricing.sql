-- Replaces 323 with the same rows and columns, from the status lines that show on the message
-- only (wacost_status_admitted, 542): Meta's pricing and conversation on a line a key of WABA A
-- sent before WABA B's message with that id arrived (or before a correction moved the message to
-- B) never show on B's message nor in its reconciliation (view reconciliation reads this one).
-- Limited lines are checked against the WABA of their message (view status_message_wabas, 543);
-- only they meet the join, so a database without them pays nothing for it (1M messages, 3M status
-- lines, 2 shared cores: as 323, 2.3–3 s; every line limited: 4.3 s against 3.2 s). Otherwise as
-- 323 (its description still holds: duplicates and re-batching never change a row); the
-- customer's messages apply the same choice to view meta_pricing_parts (544).
-- A message all of whose lines are hidden has no row, like one whose lines say nothing of pricing.
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
    WHERE (pricing_billable != '' OR pricing_model != '' OR pricing_category != '' OR pricing_type != '' OR conversation_id != '')
      -- lines of any WABA as they are; limited ones where the message is stored in one of their WABAs
      AND (empty(wabas) OR (message_id, wabas) IN (
        SELECT s.message_id, s.wabas
        FROM (SELECT DISTINCT message_id, wabas FROM statuses WHERE length(wabas) > 0) AS s
        INNER JOIN status_message_wabas AS o ON o.message_id = s.message_id
        WHERE wacost_status_admitted(s.wabas, o.waba_id)))
  )
  GROUP BY message_id
)
