-- The old keys of the messages 161 copied: no message stays under a non-canonical wa_id.
DELETE FROM messages WHERE wa_id != wacost_canonical_wa_id(wa_id)
