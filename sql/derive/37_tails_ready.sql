-- Marks the tails this run cached whole (key_tails_ready): their input (derive/13_keep_tails) and
-- their live rows (33, 34) are written, as are the rows themselves (20, 30). Written last, so a
-- run that stopped before leaves its keys to be derived whole (derive/05_keys).
INSERT INTO key_tails_ready
SELECT bucket, phone_number_id, wa_id, {run:UInt64} FROM derive_restarts WHERE keep = 1
