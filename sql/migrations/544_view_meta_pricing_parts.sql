-- What Meta said on each message's status lines, per message_id and the WABAs the lines were
-- admitted for (statuses.wabas, 540): the greatest (time, rank, pricing…) tuple of the lines that
-- carry a pricing (pm) and of those that name a conversation (c), as view meta_pricing (323, 545)
-- chooses over a message's lines (latest time, then furthest status, then greatest values). The
-- greatest of the parts whose lines show on a message (wacost_status_admitted, 542) is its choice
-- over those lines alone: the customer's messages (sql/api/customer_messages.sql) keep the parts
-- admitted for the WABA of the rows they read, by message id (the filter reaches the table's sort
-- key), instead of looking up the message of every limited line as meta_pricing does.
CREATE OR REPLACE VIEW meta_pricing_parts AS
SELECT message_id, wabas,
       maxIf((ts, rank, pricing_billable, pricing_model, pricing_category, pricing_type),
             pricing_billable != '' OR pricing_model != '' OR pricing_category != '' OR pricing_type != '') AS pm,
       maxIf((ts, rank, conversation_id, conversation_origin_type, conversation_expiration_ts), conversation_id != '') AS c
FROM (
  SELECT *, toUInt8(indexOf(['sent', 'delivered', 'read', 'failed'], status)) AS rank FROM statuses
  WHERE pricing_billable != '' OR pricing_model != '' OR pricing_category != '' OR pricing_type != '' OR conversation_id != ''
)
GROUP BY message_id, wabas
