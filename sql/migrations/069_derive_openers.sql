-- Scratch space of one derive run (derive/16_category_openers.sql): the templates that open a
-- MARKETING, UTILITY or AUTHENTICATION conversation (rules 1-2, 6-8), by key and position.
CREATE TABLE IF NOT EXISTS derive_openers (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  idx UInt32
) ENGINE = Memory
