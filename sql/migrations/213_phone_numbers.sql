-- Optional names of business phone numbers (phone-numbers.csv: phone_number_id,
-- display_phone_number, name), loaded like wabas.csv; they win over what webhooks say.
CREATE TABLE IF NOT EXISTS phone_numbers (
  phone_number_id String,
  display_phone_number String,
  name String
) ENGINE = MergeTree ORDER BY phone_number_id
