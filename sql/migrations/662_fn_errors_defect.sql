-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- What is wrong with a webhook status's errors (their raw JSON; '' if nothing, also when absent
-- or null): not an array of objects, a key given twice in one, a code that is not a whole
-- number, a title that is not a string (an error code given as an object was stored as its
-- text: break-it trial). The first error's wrong field is named with its value.
CREATE OR REPLACE FUNCTION wacost_errors_defect AS (errors) -> (
  if(errors IN ('', 'null'), '',
    if(NOT startsWith(errors, '[') OR NOT arrayAll(e -> startsWith(e, '{'), JSONExtractArrayRaw(errors)),
      concat('invalid statuses[].errors: ', leftUTF8(errors, 60), ' (expected an array of objects, each with a code and a title)'),
      arrayFirst(d -> d != '', arrayMap(e -> arrayFirst(d -> d != '', [
          wacost_dup_reason('statuses[].errors[].', wacost_first_dup(JSONExtractKeys(e))),
          if(JSONType(e, 'code') IN ('Int64', 'UInt64', 'Null'), '',
             concat('invalid statuses[].errors[].code: ', leftUTF8(JSONExtractRaw(e, 'code'), 60), ' (expected a whole number, Meta\'s error code)')),
          if(JSONType(e, 'title') IN ('String', 'Null'), '',
             concat('invalid statuses[].errors[].title: ', leftUTF8(JSONExtractRaw(e, 'title'), 60), ' (expected a string)'))]),
        JSONExtractArrayRaw(errors)))))
)
