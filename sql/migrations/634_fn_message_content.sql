-- A hash of a message line's fields as given (the country as the line states it, '' when it states
-- none), never 0: two lines of one message id with the same hash are the same line, so ingesting it
-- again changes nothing (pipeline/33_record_news says so). Written by pipeline/32_batch_ids for every
-- message line, kept in message_keys.content (632).
-- derived data: unchanged (nothing derived reads it)
CREATE OR REPLACE FUNCTION wacost_message_content AS (phone_number_id, wa_id, waba_id, ts, direction, template_category,
                                                      template_name, msg_type, entry_point, ad_id, status, status_ts,
                                                      ctwa_clid, country) -> (
  greatest(toUInt64(1), cityHash64(phone_number_id, wa_id, waba_id, ts, direction, template_category, template_name,
                                   msg_type, entry_point, ad_id, status, status_ts, ctwa_clid, country))
)
