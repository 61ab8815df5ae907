-- Message ids of the batch at hand that have delivery facts (a status line, or facts known
-- before). Collected group by group; at the end of the batch pipeline/80_status_facts writes
-- their facts once, under the key each message has then, as if the batch were one group.
CREATE TABLE IF NOT EXISTS batch_fact_ids (
  message_id String
) ENGINE = Memory
