-- The customer of a conversation key is the canonical form of wa_id (billing-rules.md, "Keys"):
-- WhatsApp treats two spellings as one user, and so must the key, or a reply to a customer who
-- just wrote is a guardrail break and support sees half the story.
-- - Mexico: `521` + 10 digits (webhooks) is `52` + the same 10 digits (send logs).
-- - Brazil: `55` + area code + 8 digits starting with 6-9 (a mobile without its ninth digit) is
--   the same with `9` inserted after the area code. The area codes are those libphonenumber-js
--   accepts for `55` + area code + `9` + 8 digits as a mobile number
--   (test/canonical.test.ts checks this list against the library).
-- Every other wa_id is its own canonical form. Applied where ingest extracts wa_id
-- (pipeline/10_parse) and to what support types (api/customer_lookup, customer_keys).
-- It runs on every parsed record: the length and prefix tests come first, so most numbers never
-- reach a regular expression.
CREATE OR REPLACE FUNCTION wacost_canonical_wa_id AS (w) -> multiIf(
  length(w) = 13 AND startsWith(w, '521') AND match(w, '^[0-9]+$'), concat('52', substring(w, 4)),
  length(w) = 12 AND startsWith(w, '55')
    AND match(w, '^55(1[1-9]|2[12478]|3[1-578]|4[1-9]|5[1345]|6[1-9]|7[134579]|8[1-9]|9[1-9])[6-9][0-9]{7}$'),
    concat(substring(w, 1, 4), '9', substring(w, 5)),
  w)
