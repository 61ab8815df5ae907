-- The configured names of the asked WABAs (wabas.csv), for the finance exports' file names; a
-- WABA without a configured name is absent (the file then names it by its id).
SELECT waba_id, name FROM wabas WHERE has({ids:Array(String)}, waba_id) AND name != ''
