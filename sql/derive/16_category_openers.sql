-- The templates that open a MARKETING, UTILITY or AUTHENTICATION conversation (rules 1-2, 6-8),
-- into derive_openers. Per key and category, over its delivered templates outside FEP windows
-- (inside one nothing opens; an FEP's own reply opens nothing either): a template opens a
-- window unless the window in force (opened at idx s.1, closing at s.2 ms) is still open at it
-- and no FEP started since it opened (x.4 = last FEP reply before the template) and it belongs
-- to the same run of conversation-based periods (x.5 = seg; per-message periods take no part,
-- pricing-models.md §2). AUTHENTICATION_INTERNATIONAL (etype 7) has its own windows. The fold's
-- state is the window in force plus the openers, which grow with conversations (at most one
-- per category per window length of time), not with messages.
INSERT INTO derive_openers
SELECT bucket, phone_number_id, wa_id, arrayJoin(openers) AS idx
FROM (
  SELECT bucket, phone_number_id, wa_id,
         arrayFold((s, x) -> if(s.1 > 0 AND s.2 > x.2 AND x.4 < s.1 AND s.4 = x.5, s, (x.1, x.2 + x.3, arrayPushBack(s.3, x.1), x.5)),
                   arraySort(x -> x.1, groupArray((idx, t_ms, lb, prev_reply_idx, seg))),
                   CAST((0, 0, [], 0), 'Tuple(UInt32, Int64, Array(UInt32), UInt16)')).3 AS openers
  FROM derive_ctx
  WHERE etype IN (3, 4, 5, 7) AND fep_open = 0 AND fep_now = 0 AND pmp = 0
  GROUP BY bucket, phone_number_id, wa_id, etype
)
