-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- What is wrong with a webhook value object as a whole ('' if nothing; pipeline/10_parse refuses
-- every record of its line with it): a key given twice in it or in its metadata, which its
-- records were read with the first value of (break-it trial), or messages or statuses given as
-- something else than an array (they read as "holds no messages or statuses").
CREATE OR REPLACE FUNCTION wacost_value_defect AS (value) -> (
  arrayFirst(d -> d != '', [
    wacost_dup_reason('value.', wacost_first_dup(JSONExtractKeys(value))),
    wacost_dup_reason('value.metadata.', wacost_first_dup(JSONExtractKeys(value, 'metadata'))),
    if(JSONType(value, 'messages') IN ('Array', 'Null'), '',
       concat('invalid value.messages: ', leftUTF8(JSONExtractRaw(value, 'messages'), 60), ' (expected an array of messages)')),
    if(JSONType(value, 'statuses') IN ('Array', 'Null'), '',
       concat('invalid value.statuses: ', leftUTF8(JSONExtractRaw(value, 'statuses'), 60), ' (expected an array of statuses)'))])
)
