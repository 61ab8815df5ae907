-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- What is wrong with a webhook envelope as a whole ('' if nothing; pipeline/10_parse refuses
-- every record of its line with it): a key given twice at its top, in an entry, a change or a
-- value (wacost_value_defect), which its records were read with the first value of; entry, an
-- entry, changes, a change or a value of another JSON type than Meta sends (`"entry": null`,
-- `"changes": "x"` read as "holds no messages or statuses": break-it trial). Once per line, not
-- per record: a delivery holds one entry and one change, most often.
CREATE OR REPLACE FUNCTION wacost_envelope_defect AS (line) -> (
  arrayFirst(d -> d != '', [
    if(JSONType(line, 'entry') IN ('Array', 'Null'), '',
       concat('invalid entry: ', leftUTF8(JSONExtractRaw(line, 'entry'), 60), ' (expected an array of entries)')),
    if(JSONType(line, 'entry') = 'Null' AND JSONHas(line, 'entry'), 'invalid entry: null (expected an array of entries)', ''),
    wacost_dup_reason('', wacost_first_dup(JSONExtractKeys(line))),
    arrayFirst(d -> d != '', arrayMap(e -> arrayFirst(d -> d != '', [
        if(startsWith(e, '{'), '', concat('invalid entry[] element: ', leftUTF8(e, 60), ' (expected an object)')),
        wacost_dup_reason('entry[].', wacost_first_dup(JSONExtractKeys(e))),
        if(JSONType(e, 'changes') IN ('Array', 'Null'), '',
           concat('invalid entry[].changes: ', leftUTF8(JSONExtractRaw(e, 'changes'), 60), ' (expected an array of changes)')),
        arrayFirst(d -> d != '', arrayMap(ch -> arrayFirst(d -> d != '', [
            if(startsWith(ch, '{'), '', concat('invalid entry[].changes[] element: ', leftUTF8(ch, 60), ' (expected an object)')),
            wacost_dup_reason('entry[].changes[].', wacost_first_dup(JSONExtractKeys(ch))),
            if(JSONType(ch, 'value') IN ('Object', 'Null'), '',
               concat('invalid entry[].changes[].value: ', leftUTF8(JSONExtractRaw(ch, 'value'), 60), ' (expected an object)')),
            wacost_value_defect(JSONExtractRaw(ch, 'value'))]),
          JSONExtractArrayRaw(e, 'changes')))]),
      JSONExtractArrayRaw(line, 'entry')))])
)
