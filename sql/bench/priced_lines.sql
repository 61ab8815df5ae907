-- bench:reconcile's baseline: one pass over the status lines that carry Meta's pricing (what any
-- reconciliation must read at least), and the messages they price.
SELECT count() AS lines, uniqExact(message_id) AS messages
FROM statuses
WHERE pricing_billable != '' OR pricing_model != '' OR pricing_category != ''
