-- How the input spells a log field in a reason: a record mapped from a webhook (src =
-- 'messages[]' or 'statuses[]', see wacost_value_records) names the webhook's own field
-- (`messages[].from`, not `wa_id`), so that the user can find it in what they sent.
CREATE OR REPLACE FUNCTION wacost_input_field AS (src, name) -> (
  if(src = '', name, multiIf(
    name = 'message_id', concat(src, '.id'),
    name = 'waba_id', 'entry[].id',
    name = 'phone_number_id', 'value.metadata.phone_number_id',
    name = 'wa_id', concat(src, '.from'),
    concat(src, '.', name)))
)
