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
  toValidUTF8(arrayStringConcat(arrayMap((x, k) -> if(k, char(x), concat('\\x', lower(hex(x)))), b, ok))) AS raw,
  reason
-- Each step is linear in the line's bytes: every lambda takes its byte and its neighbours as
-- arguments (arrays shifted by arrayPopFront/arrayPopBack), never an array or the line from
-- outside, as a lambda's captured column is copied for each element: looking up b[i + 1] in a
-- captured b made each line cost its length squared (/bin/ls, 150 KB, 494 lines: 55 s).
FROM (
  SELECT line_no, rec_no, reason,
    -- b: the bytes (splitByString with no separator: one string per byte); n1..n3: the 1st to
    -- 3rd byte after each (0 past the end: no continuation byte, so no sequence runs past it)
    arrayMap(c -> reinterpretAsUInt8(c), splitByString('', raw)) AS b,
    arrayPushBack(arrayPopFront(b), 0) AS n1,
    arrayPushBack(arrayPopFront(n1), 0) AS n2,
    arrayPushBack(arrayPopFront(n2), 0) AS n3,
    -- v: -1 for a continuation byte, else the length of the complete sequence it starts (a
    -- sequence with no overlong form, surrogate or code point past U+10FFFF), 0 for none
    arrayMap((x, y1, y2, y3) -> if(bitAnd(x, 0xC0) = 0x80, -1, toInt8(multiIf(
        x < 0x80, 1,
        x >= 0xC2 AND x <= 0xDF AND bitAnd(y1, 0xC0) = 0x80, 2,
        x >= 0xE0 AND x <= 0xEF AND bitAnd(y1, 0xC0) = 0x80 AND bitAnd(y2, 0xC0) = 0x80
          AND multiIf(x = 0xE0, y1 >= 0xA0, x = 0xED, y1 <= 0x9F, true), 3,
        x >= 0xF0 AND x <= 0xF4 AND bitAnd(y1, 0xC0) = 0x80 AND bitAnd(y2, 0xC0) = 0x80 AND bitAnd(y3, 0xC0) = 0x80
          AND multiIf(x = 0xF0, y1 >= 0x90, x = 0xF4, y1 <= 0x8F, true), 4,
        0))),
      b, n1, n2, n3) AS v,
    -- p1..p3: v of the 1st to 3rd byte before each (0 before the start: no sequence)
    arrayPushFront(arrayPopBack(v), 0) AS p1,
    arrayPushFront(arrayPopBack(p1), 0) AS p2,
    arrayPushFront(arrayPopBack(p2), 0) AS p3,
    -- ok: the byte belongs to a complete sequence, which starts at the nearest byte (itself, or
    -- up to 3 back) that is no continuation byte and is long enough to reach it
    arrayMap((v0, v1, v2, v3) -> multiIf(v0 >= 0, v0 > 0, v1 >= 0, v1 > 1, v2 >= 0, v2 > 2, v3 >= 0, v3 > 3, false),
      v, p1, p2, p3) AS ok
  FROM staged_records
  WHERE kind = 'reject' AND NOT isValidUTF8(raw)
)
