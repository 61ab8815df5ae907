-- A database written before migration 160 holds customers under both spellings: copy each live
-- message of a non-canonical wa_id into its canonical key (same version; the bucket follows the
-- key). Tombstones are not copied: the whole old key goes (162), so nothing there needs hiding.
-- The rebuild that follows every table migration derives the merged keys. (The filter sits in
-- a subquery because the REPLACE aliases would otherwise rename wa_id inside the WHERE.)
INSERT INTO messages
SELECT * REPLACE (wacost_canonical_wa_id(wa_id) AS wa_id, wacost_bucket(phone_number_id, wacost_canonical_wa_id(wa_id)) AS bucket)
FROM (SELECT * FROM messages FINAL WHERE deleted = 0 AND wa_id != wacost_canonical_wa_id(wa_id))
