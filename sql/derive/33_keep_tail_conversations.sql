-- Caches, for the slice's keys whose tail this run keeps (derive_restarts, derive/13_keep_tails),
-- the ledger rows their tail's events opened (opened after the restart point: an opener before
-- it is in no tail; derive_convs, as derive/19_new_conversations made them and
-- derive/20_conversations has just made them live), under this run (key_tail_conversations), for
-- a later batch that continues the key from its tail.
INSERT INTO key_tail_conversations
SELECT c.bucket, c.phone_number_id, c.wa_id, c.conversation_id, c.waba_id, c.country, c.market, c.category,
       c.opened_at, c.closed_at, c.close_reason, c.opening_message_id, c.base_pricing, c.price, c.currency,
       c.local_date, c.ad_id, {run:UInt64}
FROM derive_convs AS c
INNER JOIN (SELECT bucket, phone_number_id, wa_id, prefix_ms FROM derive_restarts WHERE keep = 1) AS r
  ON r.bucket = c.bucket AND r.phone_number_id = c.phone_number_id AND r.wa_id = c.wa_id
WHERE toUnixTimestamp64Milli(c.opened_at) > r.prefix_ms
-- (the keys' bounds come from a join, not constants: optimize_and_compare_chain found nothing, ~9 ms of planning)
SETTINGS optimize_and_compare_chain = 0
