-- derived data: unchanged (a working table of the parse)
-- staged_records gains, for a record pipeline/10_parse refuses, which check refused it (code, 1–55)
-- and what the words of its reason are made of (the record's text, its fields as given, how the
-- input spells them: src); empty for an accepted record (an empty array costs a row 8 bytes).
-- pipeline/10_parse_reasons puts the reasons into words only in a group that has a refused record:
-- planning the words was half of 10_parse's planning, paid by every batch.
ALTER TABLE staged_records
  ADD COLUMN IF NOT EXISTS refusal Array(Tuple(code UInt8, src String, rec String, f_source String, line_defect String,
    bare_value Bool, doc_array Bool, dup_key String, source_defect String, kind_in String, bad_id String,
    f_message_id Nullable(String), f_timestamp Nullable(String), f_waba_id Nullable(String), f_phone_number_id Nullable(String),
    f_wa_id Nullable(String), f_direction Nullable(String), f_template_category Nullable(String), f_entry_point Nullable(String),
    f_ad_id Nullable(String), f_status Nullable(String), f_status_timestamp Nullable(String), f_country Nullable(String),
    jm Tuple(pricing Tuple(billable Nullable(String), pricing_model Nullable(String), category Nullable(String), type Nullable(String)),
             conversation Tuple(id Nullable(String), origin Tuple(type Nullable(String)), expiration_timestamp Nullable(String)))))
