-- derived data: unchanged
-- Replaces 129: wacost_value_records (651) takes the WABA id as JSON text: --waba quoted.
CREATE OR REPLACE FUNCTION wacost_array_records AS (docs, waba) -> (
  arrayFlatten(arrayMap(d -> multiIf(
      JSONExtractString(d, 'object') = 'whatsapp_business_account', wacost_envelope_records(d),
      waba != '' AND NOT JSONHas(d, 'object') AND JSONExtractString(d, 'messaging_product') = 'whatsapp'
        AND JSONHas(d, 'metadata') AND NOT JSONHas(d, 'message_id'),
        wacost_value_records(toJSONString(waba), d),
      [d]),
    docs))
)
