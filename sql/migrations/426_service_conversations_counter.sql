-- Which free-tier count a SERVICE charge takes a rank in (pricing-models.md §1): conversations
-- per WABA under CBP ('waba:' || waba_id), messages per business phone number under PMP
-- ('phone:' || phone_number_id); two separate counts, each ranked within a local month.
ALTER TABLE service_conversations ADD COLUMN IF NOT EXISTS counter String AFTER local_date
