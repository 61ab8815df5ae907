-- How many of the group's records pipeline/10_parse refused (their reasons not yet in words): only
-- then are pipeline/10_parse_reasons, 10_parse_unworded and 10_not_valid_json run.
SELECT count() AS n FROM staged_records WHERE notEmpty(refusal)
