-- bench:reconcile's customers: {n} conversation keys with a priced message and a WABA of theirs,
-- picked by a hash (the same ones on every run of one database).
SELECT phone_number_id, wa_id, any(waba_id) AS waba_id
FROM messages
WHERE message_id IN (SELECT message_id FROM statuses WHERE pricing_billable != '')
GROUP BY phone_number_id, wa_id
ORDER BY cityHash64(phone_number_id, wa_id), phone_number_id, wa_id
LIMIT {n:UInt32}
