-- bench:reconcile: the reconciliation of the given customers' keys (view reconciliation_of), what
-- a table of discrepancies kept per batch would compute for the customers a batch touched.
SELECT count() AS discrepancies
FROM reconciliation_of(key_phones = {key_phones:Array(String)}, key_wa_ids = {key_wa_ids:Array(String)})
