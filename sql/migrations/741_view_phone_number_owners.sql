-- Who owns each business phone number: the WABA the register names (phone_numbers.waba_id,
-- migration 740, from phone-numbers.csv), else the WABA of the number's first stored message line
-- (phone_number_wabas, 700); registered 1 when the register named it. One row per number either gives. Read by pipeline/13_foreign_ids (a
-- key limited to some WABAs writes no message line of another WABA's number: it would open, reuse
-- or close that WABA's windows; the register also covers a number moved to another WABA, and one
-- no line has given yet, which the first line would otherwise claim) and 71_phone_wabas (the
-- ingest's notice of a number given under another WABA). Both tables hold a row per number and
-- WABA, not per message: small at any volume.
CREATE OR REPLACE VIEW phone_number_owners AS
SELECT phone_number_id, argMin(waba_id, (listed, first_version)) AS owner, toUInt8(min(listed) = 0) AS registered
FROM (
  SELECT phone_number_id, waba_id, 0 AS listed, toUInt64(0) AS first_version FROM phone_numbers WHERE waba_id != ''
  UNION ALL
  SELECT phone_number_id, waba_id, 1 AS listed, min(first_version) AS first_version FROM phone_number_wabas
  GROUP BY phone_number_id, waba_id
)
GROUP BY phone_number_id
