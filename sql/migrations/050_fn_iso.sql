-- Formats an instant as ISO 8601 UTC with milliseconds (2025-12-01T10:00:00.000Z), the ledger's format.
CREATE OR REPLACE FUNCTION wacost_iso AS (t) -> (concat(replaceOne(toString(toDateTime64(t, 3, 'UTC')), ' ', 'T'), 'Z'))
