-- What the groups appended (derive_appends), once the queue holds only the derived batch: emptied
-- (before the queue itself: a crash in between derives the keys again in full, never continued
-- on stale marks).
TRUNCATE TABLE derive_appends
