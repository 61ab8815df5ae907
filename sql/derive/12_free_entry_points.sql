-- The free entry points of the re-derived keys (rules 5-7), from derive_input into derive_feps.
--
-- A delivered outbound clears the entry messages waiting for a reply, so an entry message can
-- only be answered by the first delivered outbound after it, and only if that reply comes
-- before its deadline (entry + entry_reply window). Candidates: each such reply with the entry
-- messages it answers, in key order. Whether a candidate opens an FEP depends only on the FEP
-- before it: entries delivered while an FEP window was open never wait for a reply (rule 7), so
-- a small fold over the candidates (entries are a few percent of traffic, one state value: the
-- close of the last FEP) picks *the* entry of each FEP: the earliest one delivered after it.
INSERT INTO derive_feps
SELECT bucket, phone_number_id, wa_id,
       f.1 AS reply_idx, f.2 AS reply_ms, f.3 AS close_ms, f.4 AS reply_mid,
       f.5 AS entry_idx, f.6 AS entry_mid, f.7 AS entry_ad_id
FROM (
  SELECT bucket, phone_number_id, wa_id,
         -- state: (close of the last FEP in ms, [FEP]); candidate c = (reply idx, reply ms,
         -- FEP length ms, reply id, [(entry ms, entry idx, entry id, entry ad id)] in key order)
         arrayFold((s, c) -> if(arrayExists(e -> e.1 >= s.1, c.5),
                                (c.2 + c.3, arrayPushBack(s.2, (c.1, c.2, c.2 + c.3, c.4,
                                  arrayFirst(e -> e.1 >= s.1, c.5).2, arrayFirst(e -> e.1 >= s.1, c.5).3,
                                  arrayFirst(e -> e.1 >= s.1, c.5).4))),
                                s),
                   arraySort(c -> c.1, groupArray((r_idx, r_ms, r_lf, r_mid, entries))),
                   CAST((0, []), 'Tuple(Int64, Array(Tuple(UInt32, Int64, Int64, String, UInt32, String, String)))')).2 AS feps
  FROM (
    SELECT bucket, phone_number_id, wa_id, nxt.1 AS r_idx, nxt.2 AS r_ms, nxt.3 AS r_lf, nxt.4 AS r_mid,
           arraySort(e -> e.2, groupArray((t_ms, idx, message_id, ad_id))) AS entries
    FROM (
      SELECT bucket, phone_number_id, wa_id, idx, t_ms, etype, lr, message_id, ad_id,
             min(if(etype IN (3, 4, 5, 6, 7), (idx, t_ms, lf, message_id), (toUInt32(4294967295), toInt64(0), toInt64(0), '')))
               -- the frame grows from the key's end, so it is computed incrementally
               OVER (PARTITION BY bucket, phone_number_id, wa_id ORDER BY idx DESC
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS nxt
      FROM derive_input
      WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM derive_input WHERE etype = 1)
    )
    WHERE etype = 1 AND nxt.1 != 4294967295 AND nxt.2 < t_ms + lr
    GROUP BY bucket, phone_number_id, wa_id, r_idx, r_ms, r_lf, r_mid
  )
  GROUP BY bucket, phone_number_id, wa_id
)
ARRAY JOIN feps AS f
