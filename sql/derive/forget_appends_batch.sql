-- What the groups of a derived batch appended (derive_appends): dropped, before its queue entries.
DELETE FROM derive_appends WHERE batch_id = {batch:UInt64}
