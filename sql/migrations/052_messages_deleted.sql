-- Tombstones: when a correction moves a message to another key, a row with deleted = 1 and the
-- new version replaces it in its old key, so a derive of that key no longer sees it.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS deleted UInt8 DEFAULT 0
