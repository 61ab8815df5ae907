-- The reason for a number beyond 64 bits, which the engine's JSON parser refuses (a line holding
-- one fails isValidJSON): `tok` is the line cut into tokens (a key with its colon, a string, a
-- number; wacost_json_defect, 622) and `i` the position of that number. It names the field that
-- holds the number (the key written last before it) and what the field expects: every such number
-- was "number too large for an id ... (send ids as strings)", also in a timestamp or a field the
-- log format does not use (break-it trial).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE OR REPLACE FUNCTION wacost_number_defect AS (tok, i) -> (
  arrayMap(field -> multiIf(
      field IN ('message_id', 'waba_id', 'phone_number_id', 'wa_id', 'ad_id', 'id', 'from', 'recipient_id', 'source_id',
                'ctwa_clid', 'display_phone_number') OR endsWith(field, '_id'),
        concat('invalid ', field, ': ', leftUTF8(tok[i], 60), ' (a number beyond 64 bits cannot be read exactly: send ids as strings)'),
      field IN ('timestamp', 'status_timestamp', 'expiration_timestamp'),
        concat('invalid ', field, ': ', leftUTF8(tok[i], 60),
               ' (a number beyond 64 bits; expected ISO 8601 with a zone, or Unix seconds, in the years 1970–2099)'),
      field != '',
        concat('invalid ', field, ': ', leftUTF8(tok[i], 60),
               ' (a number beyond 64 bits cannot be read, even in a field the log format does not use: send it as a string, or leave the field out)'),
      concat('a number beyond 64 bits cannot be read: ', leftUTF8(tok[i], 60), ' (send it as a string)')),
    [extract(arrayLast(t -> endsWith(t, ':'), arraySlice(tok, 1, i - 1)), '^"((?:[^"\\\\]|\\\\.)*)"')])[1]
)
