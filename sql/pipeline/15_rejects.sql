-- Keeps every rejected record of the group with its source, line number, place in the line
-- (rec_no: two identical records of one line are two rows, migration 639) and reason. A line that
-- is not UTF-8 is kept as text with each byte outside a valid UTF-8 sequence written \xHH (its
-- valid characters as they are), so `wacost rejected` shows which bytes were refused rather than
-- U+FFFD; the escaping reads only those lines.
INSERT INTO rejected_lines (batch_id, source, line_no, rec_no, raw, reason)
SELECT {batch:UInt64}, {source:String}, line_no, rec_no, raw, reason
FROM staged_records
WHERE kind = 'reject' AND isValidUTF8(raw)
UNION ALL
SELECT {batch:UInt64}, {source:String}, line_no, rec_no,
  -- b: the bytes; lens: the length of the sequence each would start (0: none); lead_ok: a
  -- complete sequence starts there (no overlong form, surrogate or code point past U+10FFFF);
  -- lead_at: where the sequence of each byte starts (itself, or up to 3 continuation bytes back)
  toValidUTF8(arrayStringConcat(arrayMap(i -> if(ok[i], char(b[i]), concat('\\x', lower(hex(b[i])))), range(1, length(b) + 1)))) AS raw,
  reason
FROM (
  SELECT line_no, rec_no, reason,
    arrayMap(i -> reinterpretAsUInt8(substring(raw, i, 1)), range(1, length(raw) + 1)) AS b,
    arrayMap(x -> multiIf(x < 0x80, 1, x >= 0xC2 AND x <= 0xDF, 2, x >= 0xE0 AND x <= 0xEF, 3, x >= 0xF0 AND x <= 0xF4, 4, 0), b) AS lens,
    arrayMap(j -> lens[j] > 0 AND j + lens[j] - 1 <= length(b)
        AND arrayAll(k -> bitAnd(b[j + k], 0xC0) = 0x80, range(1, lens[j]))
        AND multiIf(b[j] = 0xE0, b[j + 1] >= 0xA0, b[j] = 0xED, b[j + 1] <= 0x9F, b[j] = 0xF0, b[j + 1] >= 0x90, b[j] = 0xF4, b[j + 1] <= 0x8F, true),
      range(1, length(b) + 1)) AS lead_ok,
    arrayMap(i -> arrayFirst(j -> j >= 1 AND bitAnd(b[greatest(j, 1)], 0xC0) != 0x80, arrayMap(d -> toInt64(i) - d, [0, 1, 2, 3])), range(1, length(b) + 1)) AS lead_at,
    arrayMap(i -> lead_at[i] >= 1 AND lead_ok[greatest(lead_at[i], 1)] AND lens[greatest(lead_at[i], 1)] > i - lead_at[i], range(1, length(b) + 1)) AS ok
  FROM staged_records
  WHERE kind = 'reject' AND NOT isValidUTF8(raw)
)
