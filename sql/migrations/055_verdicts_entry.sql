-- Entry point and ad id of the message, and fep_entry = 1 when this entry message is *the* entry
-- message of a free entry point (rule 5): the CTWA panel tells entries that became an FEP from
-- those that did not.
ALTER TABLE verdicts
  ADD COLUMN IF NOT EXISTS entry_point LowCardinality(String),
  ADD COLUMN IF NOT EXISTS ad_id String,
  ADD COLUMN IF NOT EXISTS fep_entry UInt8
