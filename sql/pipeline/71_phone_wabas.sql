-- The group's accepted message lines that give a business phone number under another WABA than
-- the one it belongs to (view phone_number_owners, migration 741: the WABA the register of phone
-- numbers names, else that of its first stored line; a lookup of the group's phone numbers, no
-- scan of messages), else the WABA of its first line in this group. The spec: "A WABA owns phone numbers", and a conversation (keyed by phone number and
-- customer) takes the WABA of the message that opened it, so such lines may be counted in
-- conversations of the other WABA; they are kept as given and the summary says so. Answers the
-- count, the first line, that line's phone number, WABA and owner (registered 1: the register named
-- it), and how many distinct
-- (phone number, WABA, owner) there are (one: the notice names them).
WITH message_lines AS (
  SELECT line_no, seq, phone_number_id, waba_id FROM staged_records WHERE reason = '' AND kind = 'message'
),
owners AS (
  SELECT g.phone_number_id AS phone_number_id, if(st.owner != '', st.owner, g.first_waba) AS owner,
         if(st.owner != '', st.registered, 0) AS registered
  FROM (SELECT phone_number_id, argMin(waba_id, seq) AS first_waba FROM message_lines GROUP BY phone_number_id) AS g
  LEFT JOIN (
    SELECT phone_number_id, owner, registered FROM phone_number_owners WHERE phone_number_id IN (SELECT phone_number_id FROM message_lines)
  ) AS st ON st.phone_number_id = g.phone_number_id
)
SELECT count() AS lines, min(l.line_no) AS first_line,
       argMin(l.phone_number_id, l.seq) AS phone, argMin(l.waba_id, l.seq) AS waba,
       argMin(o.owner, l.seq) AS owner, argMin(o.registered, l.seq) AS registered,
       uniqExact(l.phone_number_id, l.waba_id, o.owner) AS pairs
FROM message_lines AS l
INNER JOIN owners AS o ON o.phone_number_id = l.phone_number_id
WHERE l.waba_id != o.owner
