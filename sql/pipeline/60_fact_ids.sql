-- Remembers the group's message ids that have delivery facts, or whose earlier facts the group
-- dropped (batch_ids.facts_dropped: they were admitted for other WABAs), for
-- pipeline/80_status_facts.
INSERT INTO batch_fact_ids (message_id)
SELECT message_id FROM batch_ids WHERE st_delivered IS NOT NULL OR st_failed = 1 OR facts_dropped = 1
