-- Copies the display number each phone number shows now (phone_number_display, 212: the latest
-- batch's) into webhook_display_numbers (635), dated 1970: no webhook time was stored, so a webhook
-- ingested from now on, which has one, wins over it. Only the shown spelling is copied (the table
-- may still hold older batches' rows not yet merged away). Run again after a crash half-way, it
-- copies the same rows again: they collapse. Nothing derives these rows again (the webhooks are
-- not stored), so they are copied before 638 drops the old table.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
INSERT INTO webhook_display_numbers (phone_number_id, display_phone_number, seen_ts)
SELECT phone_number_id, argMax(display_phone_number, batch_id), toDateTime64(0, 3, 'UTC')
FROM phone_number_display GROUP BY phone_number_id
