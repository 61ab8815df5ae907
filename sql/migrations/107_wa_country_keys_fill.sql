-- Copies the customer numbers resolved before wa_country_keys (106) existed into it.
INSERT INTO wa_country_keys (wa_id, country)
SELECT wa_id, country FROM wa_countries
