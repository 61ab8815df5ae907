-- The messages the database holds, each once (its latest version, deletions not counted): what
-- `npm start` says it loaded of the demo dataset (bin/start.ts; the batch summary counts lines
-- and records, Meta's status lines among them).
SELECT count() AS messages FROM messages FINAL WHERE deleted = 0
