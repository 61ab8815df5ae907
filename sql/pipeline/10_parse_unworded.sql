-- The refused records as pipeline/10_parse wrote them (their refusal, no reason), dropped once
-- pipeline/10_parse_reasons wrote them again with their reason.
ALTER TABLE staged_records DELETE WHERE notEmpty(refusal)
