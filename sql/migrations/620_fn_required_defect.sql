-- Why a record's required field is refused (pipeline/10_parse; interfaces.md §1 rejects a line
-- that "lacks a required field"): absent or null is missing; an empty string is there but empty,
-- and says so (it was reported as "missing required field", which a line holding
-- "message_id":"" plainly is not: break-it trial). '' when the field has a value. Named as the
-- input spells it (wacost_input_field).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE OR REPLACE FUNCTION wacost_required_defect AS (src, name, v) -> (
  multiIf(v IS NULL, concat('missing required field: ', wacost_input_field(src, name)),
          v = '', concat('empty required field: ', wacost_input_field(src, name), ' (given as "")'),
          '')
)
