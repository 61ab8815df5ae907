-- What the slice's keys (derive_keys) call for: compare = keys derived before and not continued
-- from their reach (derive/20_conversations, 30_verdicts read their live rows, all or those of
-- the events derived; none: the *_all variants write without reading), full = keys whose stored
-- messages derive/10_events reads, n_continued = keys it reads only the batch's own rows of,
-- n_tails = keys it reads from their cached tail and the batch's own rows.
SELECT countIf(known = 1 AND continued != 1) AS compare, countIf(continued = 0) AS full,
       countIf(continued = 1) AS n_continued, countIf(continued = 2) AS n_tails
FROM derive_keys
