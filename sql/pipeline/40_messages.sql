-- Stores the group's message lines; version = (batch, place of the record in the batch) so
-- the last ingested line wins. country = the line's own override, else the customer number's region
-- (batch_wa_countries: found in wa_country_keys by 24_group_countries, or resolved just before by
-- ingest/countries.ts), so derives never look it up again.
INSERT INTO messages (bucket, phone_number_id, wa_id, message_id, version, waba_id, ts, direction, template_category,
                      template_name, msg_type, entry_point, ad_id, status, status_ts, country, ctwa_clid, deleted)
SELECT wacost_bucket(s.phone_number_id, s.wa_id), s.phone_number_id, s.wa_id, s.message_id,
       wacost_record_version({batch:UInt64}, s.seq),
       s.waba_id, s.ts, s.direction, s.template_category, s.template_name, s.msg_type, s.entry_point, s.ad_id,
       s.status, s.status_ts, if(s.country != '', s.country, wc.country), s.ctwa_clid, 0
FROM staged_records AS s
LEFT JOIN batch_wa_countries AS wc ON wc.wa_id = s.wa_id
WHERE s.kind = 'message'
