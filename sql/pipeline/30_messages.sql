-- Stores the staged message lines; version = (batch, line, record) so the last ingested line wins.
INSERT INTO messages
SELECT wacost_bucket(phone_number_id, wa_id), phone_number_id, wa_id, message_id,
       bitShiftLeft(batch_id, 40) + bitShiftLeft(line_no, 8) + rec_no,
       waba_id, ts, direction, template_category, template_name, msg_type, entry_point, ad_id,
       status, status_ts, country
FROM staged_lines
WHERE kind = 'message'
