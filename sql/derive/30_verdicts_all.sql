-- Rebuild: the verdicts of the slice are written as they are (nothing is live to compare with).
INSERT INTO verdicts (bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category,
  verdict, conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, sign)
SELECT *, toInt8(1) FROM derive_vds
