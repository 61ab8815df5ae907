-- How the page names a business phone number: its configured name and display number
-- (phone_numbers), else the display number the webhooks gave (phone_number_display), written
-- with a leading + when it is digits only. label: "Support line · +15550001111",
-- "+15550001111", or '' when nothing is known (the page then shows the phone_number_id).
CREATE OR REPLACE VIEW phone_number_labels AS
SELECT phone_number_id,
       if(c.display_phone_number != '', c.display_phone_number, w.display) AS raw_display,
       if(match(raw_display, '^[0-9]+$'), concat('+', raw_display), raw_display) AS display_phone_number,
       c.name AS name,
       multiIf(name != '' AND display_phone_number != '', concat(name, ' · ', display_phone_number),
               name != '', name, display_phone_number) AS label
FROM phone_numbers AS c
FULL OUTER JOIN (SELECT phone_number_id, argMax(display_phone_number, batch_id) AS display
                 FROM phone_number_display GROUP BY phone_number_id) AS w USING (phone_number_id)
