-- Meta's pricing categories (wacost_meta_category, 761) with the two of conversation-based pricing
-- before June 2023: a status of 2022 or early 2023 writes pricing.category and
-- conversation.origin.type as `business_initiated` or `user_initiated` (Meta's webhook reference
-- of the time; the shipped timeline prices from 2022-02-01), and 761 refused such statuses, so an
-- archive of that period's webhooks lost every status with Meta's pricing (break-it trial). Stored
-- upper case as given; the reconciliation compares template categories only (a BUSINESS_INITIATED
-- conversation is no CATEGORY_MISMATCH) and finds no rate-card price for them (Meta's cost unknown).
-- derived data: unchanged (lines refused before are stored when ingested again; nothing derived reads differently)
CREATE OR REPLACE FUNCTION wacost_meta_category AS (v) -> (
  if(replaceAll(upper(v), '-', '_') IN ('MARKETING', 'MARKETING_LITE', 'UTILITY', 'AUTHENTICATION',
                                        'AUTHENTICATION_INTERNATIONAL', 'SERVICE', 'REFERRAL_CONVERSION',
                                        'BUSINESS_INITIATED', 'USER_INITIATED'),
     replaceAll(upper(v), '-', '_'), '')
)
