-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- Whether a webhook envelope may be one wacost_envelope_defect refuses, told from its text and a
-- parse of its first entry: a key its records are read by given more than once (also in several
-- entries or changes: then it is looked at whole), or entry, changes, messages, statuses or value
-- given as something else than an array (an object for value). An envelope that holds records
-- and is not suspect is not walked: walking every delivery's entries, changes and value cost
-- ~0.5 ms of CPU each (+30% on a micro-batch of deliveries of 100 statuses); this costs ~0.1 ms.
CREATE OR REPLACE FUNCTION wacost_delivery_suspect AS (line) -> (
  length(extractAll(line, '"(?:object|entry|changes|field|value|messaging_product|metadata|phone_number_id|display_phone_number|messages|statuses)"[ \\t\\r\\n]*:'))
    != length(arrayDistinct(extractAll(line, '"(?:object|entry|changes|field|value|messaging_product|metadata|phone_number_id|display_phone_number|messages|statuses)"[ \\t\\r\\n]*:')))
  OR match(line, '"(?:entry|changes|messages|statuses)"[ \\t\\r\\n]*:[ \\t\\r\\n]*[^\\[ \\t\\r\\n]|"value"[ \\t\\r\\n]*:[ \\t\\r\\n]*[^{ \\t\\r\\n]')
  OR wacost_first_dup(JSONExtractKeys(line, 'entry', 1)) != ''
)
