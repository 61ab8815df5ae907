-- What the slice's keys (derive_keys) call for: compare = keys derived before and not continued
-- (derive/20_conversations, 30_verdicts read their live rows; none: the *_all variants write
-- without reading), full = keys whose stored messages derive/10_events reads, n_continued = keys it
-- reads only the batch's own rows of.
SELECT countIf(known = 1 AND continued = 0) AS compare, countIf(continued = 0) AS full, countIf(continued = 1) AS n_continued
FROM derive_keys
