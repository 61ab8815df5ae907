-- One of Meta's pricing categories as a status writes it in pricing.category or
-- conversation.origin.type (any case; authentication-international also with a hyphen), upper
-- case with `_`; '' for any other word, which pipeline/10_parse refuses with a reason. One list for
-- both fields (10_parse stated it twice).
-- derived data: unchanged (the same values are accepted and stored as before)
CREATE OR REPLACE FUNCTION wacost_meta_category AS (v) -> (
  if(replaceAll(upper(v), '-', '_') IN ('MARKETING', 'MARKETING_LITE', 'UTILITY', 'AUTHENTICATION',
                                        'AUTHENTICATION_INTERNATIONAL', 'SERVICE', 'REFERRAL_CONVERSION'),
     replaceAll(upper(v), '-', '_'), '')
)
