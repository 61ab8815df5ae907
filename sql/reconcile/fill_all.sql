-- Fills the emptied table discrepancies with the whole reconciliation (view reconciliation): its
-- first read, or the first after a rebuild. Its joins go to disk past 1 GB (grace hash; the ASOF
-- join to the rate card stays in memory), its sorts and groupings likewise: at 10M messages with
-- Meta's pricing on every delivered one the peak fell from 10.7 to 6.3-6.5 GB (182 s → 173-195 s; smaller
-- thresholds changed nothing: what remains is the window functions' and the id sets').
INSERT INTO discrepancies
SELECT *, toInt8(1) AS sign FROM reconciliation
SETTINGS join_algorithm = 'grace_hash,hash', grace_hash_join_initial_buckets = 8,
         max_bytes_before_external_group_by = 1000000000, max_bytes_before_external_sort = 1000000000,
         max_bytes_ratio_before_external_group_by = 0, max_bytes_ratio_before_external_sort = 0
