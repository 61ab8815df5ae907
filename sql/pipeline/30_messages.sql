-- Stores the staged message lines; version = (batch, line, record) so the last ingested line wins.
-- country = the line's own override, else the customer number's region (wa_countries, resolved
-- just before by ingest/countries.ts), so derives never look it up again.
INSERT INTO messages
SELECT wacost_bucket(s.phone_number_id, s.wa_id), s.phone_number_id, s.wa_id, s.message_id,
       wacost_line_version(s.batch_id, s.line_no, s.rec_no),
       s.waba_id, s.ts, s.direction, s.template_category, s.template_name, s.msg_type, s.entry_point, s.ad_id,
       s.status, s.status_ts, if(s.country != '', s.country, wc.country), 0 AS deleted
FROM staged_lines AS s
LEFT JOIN (
  SELECT wa_id, country FROM wa_countries
  WHERE wa_id IN (SELECT DISTINCT wa_id FROM staged_lines WHERE kind = 'message')
) AS wc ON wc.wa_id = s.wa_id
WHERE s.kind = 'message'
