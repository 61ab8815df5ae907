-- A bloom filter over verdicts.message_id. Support finds a message by its id (GET
-- /api/messages/:id, the customer search by message id, sql/api/customer_lookup.sql), and the id
-- is not in the sort key of verdicts: without an index the look-up reads the whole column (561 ms
-- with 10M messages stored). Parts written before this migration get the index from the rebuild
-- that every non-view migration calls for on a database holding messages.
ALTER TABLE verdicts ADD INDEX IF NOT EXISTS verdicts_message_id message_id TYPE bloom_filter(0.001) GRANULARITY 1
