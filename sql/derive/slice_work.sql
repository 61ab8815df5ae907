-- What the slice's events (derive_input) hold for the steps that only look at some of them:
-- entry messages (etype 1) for the free entry point steps (derive/12_free_entry_points,
-- derive/15_fep_conversations), and templates of conversation-based periods (etype 3, 4, 5, 7 with
-- pmp = 0) for derive/16_category_openers; and the keys whose tails are kept (derive_restarts)
-- for derive/33, 34 and 37. Without any, a step would write nothing: it is not run.
SELECT countIf(etype = 1) AS entries, countIf(etype IN (3, 4, 5, 7) AND pmp = 0) AS openers,
       (SELECT count() FROM derive_restarts) AS kept
FROM derive_input
