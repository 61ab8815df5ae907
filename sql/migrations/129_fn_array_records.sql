-- The records of a line that is a JSON array of documents (a file that is one array, or
-- documents that ingest/documents.ts found on one line), given as its elements `docs` (raw JSON
-- objects): each element is a record, or expands into
-- records when it is a webhook envelope, or a webhook `value` object and a WABA id `waba` was
-- given (--waba). An element that is neither stays as it is and is judged by pipeline/10_parse.
CREATE OR REPLACE FUNCTION wacost_array_records AS (docs, waba) -> (
  arrayFlatten(arrayMap(d -> multiIf(
      JSONExtractString(d, 'object') = 'whatsapp_business_account', wacost_envelope_records(d),
      waba != '' AND NOT JSONHas(d, 'object') AND JSONExtractString(d, 'messaging_product') = 'whatsapp'
        AND JSONHas(d, 'metadata') AND NOT JSONHas(d, 'message_id'),
        wacost_value_records(CAST(waba AS Dynamic), d),
      [d]),
    docs))
)
