-- Stored deliveries not derived yet (the work a stopped server left), oldest first, once per
-- body; the body base64-encoded so that its bytes come back exactly as Meta sent them.
SELECT id, base64Encode(any(body)) AS body
FROM webhook_deliveries
WHERE id NOT IN (SELECT id FROM webhook_derived)
GROUP BY id
ORDER BY min(received_at), id
