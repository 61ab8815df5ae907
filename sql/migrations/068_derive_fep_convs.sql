-- Scratch space of one derive run (derive/15_fep_conversations.sql): the conversation of each
-- free entry point (rule 6): the entry message's own service conversation when it opened it and
-- it is still open at the reply, else a new one opened by the reply.
CREATE TABLE IF NOT EXISTS derive_fep_convs (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  reply_idx UInt32,
  entry_idx UInt32,
  close_ms Int64,
  conv_idx UInt32,
  conv_mid String,
  entry_ad_id String
) ENGINE = Memory
