-- Empties the batch's message ids with delivery facts once their facts are written.
TRUNCATE TABLE batch_fact_ids
