-- Whether a line of the group may be a webhook envelope, a webhook value object or a JSON array
-- (pipeline/09_expand, which only such a group runs): its text holds `[`, `object`,
-- `messaging_product` or a backslash (a key spelled with escapes). A line that holds none of them
-- is none of those, whatever it holds; a plain line that does only costs the expansion's time.
SELECT count() AS n
FROM ingest_chunk_buffer
WHERE position(text, '[') > 0 OR position(text, 'object') > 0 OR position(text, 'messaging_product') > 0
   OR position(text, '\\') > 0
