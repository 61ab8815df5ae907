-- Dropped so that conversations can be created again with rows sorted by every column (572);
-- created again by 573.
DROP VIEW IF EXISTS mv_conversations SYNC
