-- The latest-batch display numbers (212), copied by 636 and no longer read (637) nor written
-- (pipeline/12_phone_display writes webhook_display_numbers).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
DROP TABLE IF EXISTS phone_number_display SYNC
