-- How many of the group's records were refused as "not valid JSON" alone (wacost_json_defect found
-- nothing more specific): only then is pipeline/10_name_json_defects run.
SELECT count() AS n FROM staged_records WHERE kind = 'reject' AND reason = 'not valid JSON'
