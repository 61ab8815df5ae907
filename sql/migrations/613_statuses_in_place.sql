-- The table sorted by every column (610, holding every line: 611) becomes statuses: the ingest
-- (pipeline/20_statuses) writes it and the views that read statuses (unmatched_statuses,
-- status_message_wabas, meta_pricing_parts, meta_pricing) read it by name from now on. IF EXISTS:
-- run again after a crash right after it, it finds nothing to move.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
RENAME TABLE IF EXISTS statuses_sorted TO statuses
