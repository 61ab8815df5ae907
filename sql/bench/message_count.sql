-- Messages stored (bench:api reuses a database that already holds enough).
SELECT count() AS n FROM messages
