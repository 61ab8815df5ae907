-- The rows 168 copied: no delivery fact stays under a non-canonical wa_id.
DELETE FROM status_facts WHERE wa_id != wacost_canonical_wa_id(wa_id)
