-- A WABA with data, for the filtered page view of bench:api.
SELECT waba_id FROM spend_daily GROUP BY waba_id ORDER BY waba_id LIMIT 1
