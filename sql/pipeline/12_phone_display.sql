-- Learns each business phone number's display number from the webhook metadata objects
-- ({"display_phone_number": …, "phone_number_id": …}) in the group's lines, whatever shape holds
-- them (envelope, bare value, array): the page shows it instead of the bare id (view
-- phone_number_labels). Runs before the runs are cleared; lines without metadata cost one search.
INSERT INTO phone_number_display (phone_number_id, display_phone_number, batch_id)
SELECT JSONExtractString(m, 'phone_number_id') AS phone_number_id,
       any(JSONExtractString(m, 'display_phone_number')) AS display_phone_number,
       {batch:UInt64} AS batch_id
FROM (
  SELECT arrayJoin(extractAll(text, '"metadata"\\s*:\\s*(\\{[^{}]*\\})')) AS m
  FROM ingest_chunk_buffer WHERE position(text, '"display_phone_number"') > 0
)
WHERE isValidJSON(m) AND phone_number_id != '' AND JSONExtractString(m, 'display_phone_number') != ''
GROUP BY phone_number_id
