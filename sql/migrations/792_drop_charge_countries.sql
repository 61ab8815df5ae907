-- charge_countries (763), no longer written (791) nor read (787-790).
-- derived data: unchanged (nothing derived reads it)
DROP TABLE IF EXISTS charge_countries
