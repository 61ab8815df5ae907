-- The slice's verdicts (view derive_new_verdicts) made once into derive_vds, which
-- derive/30_verdicts* and 34_keep_tail_verdicts read: the view is analysed and planned here alone.
INSERT INTO derive_vds
SELECT * FROM derive_new_verdicts
