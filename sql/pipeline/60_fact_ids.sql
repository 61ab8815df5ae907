-- Remembers the group's message ids that have delivery facts, or whose stored row of facts may
-- have to be emptied (recheck, batch_ids.facts_dropped: the facts that counted no longer count in
-- the message's WABA, or the message moved to another key), for pipeline/80_status_facts.
INSERT INTO batch_fact_ids (message_id, recheck)
SELECT message_id, facts_dropped FROM batch_ids WHERE st_delivered IS NOT NULL OR st_failed = 1 OR facts_dropped = 1
