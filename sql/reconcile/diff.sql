-- Brings the rows of table discrepancies for the keys given ({key_phones}, {key_wa_ids}: parallel
-- arrays, keys.sql) to what view reconciliation_of computes for them now: +1 for a row it has and
-- the table has not, -1 for a live row it no longer has. Compared with the live rows, so running
-- it again (after a crash before the marks were cleared) writes nothing.
INSERT INTO discrepancies
SELECT * EXCEPT (n, copy), toInt8(sign(n)) AS sign
FROM (
  SELECT * EXCEPT s, sum(s) AS n
  FROM (
    SELECT *, toInt64(1) AS s
    FROM reconciliation_of(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)})
    UNION ALL
    SELECT * EXCEPT sign, -toInt64(sign) AS s FROM discrepancies
    WHERE (phone_number_id, wa_id) IN (
      SELECT phone_number_id, wa_id FROM customer_key_set(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)}))
  )
  GROUP BY ALL
  HAVING n != 0
)
-- a row computed twice, or cancelled twice, is written as many times
ARRAY JOIN range(toUInt64(abs(n))) AS copy
