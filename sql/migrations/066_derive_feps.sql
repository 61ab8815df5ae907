-- Scratch space of one derive run (derive/12_free_entry_points.sql): the free entry points
-- (rules 5-7) of the re-derived keys, one row per FEP: the reply that opened it, *the* entry
-- message, and the window [reply_ms, close_ms). conv_idx/conv_mid (the FEP conversation's
-- opener, rule 6) are filled by derive/15_fep_conversations.sql into derive_fep_convs.
CREATE TABLE IF NOT EXISTS derive_feps (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  reply_idx UInt32,
  reply_ms Int64,
  close_ms Int64,
  reply_mid String,
  entry_idx UInt32,
  entry_mid String,
  entry_ad_id String
) ENGINE = Memory
