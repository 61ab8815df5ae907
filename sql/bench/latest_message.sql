-- The latest instant a stored message was sent (ms, UTC): bench:live's traffic starts after it.
SELECT toUnixTimestamp64Milli(max(ts)) AS ms FROM messages
