-- Replaces 214: the display number a webhook gave is read from webhook_display_numbers (635), the
-- spelling of the latest webhook by its own timestamp, ties by the greater spelling, instead of the
-- latest batch's (phone_number_display): the label no longer depends on the order of ingest or of
-- merges. Otherwise as 214: a configured name and display number (phone_numbers) win; a display
-- number of digits only is written with a leading +. label: "Support line · +15550001111",
-- "+15550001111", or '' when nothing is known (the page then shows the phone_number_id).
CREATE OR REPLACE VIEW phone_number_labels AS
SELECT phone_number_id,
       if(c.display_phone_number != '', c.display_phone_number, w.display) AS raw_display,
       if(match(raw_display, '^[0-9]+$'), concat('+', raw_display), raw_display) AS display_phone_number,
       c.name AS name,
       multiIf(name != '' AND display_phone_number != '', concat(name, ' · ', display_phone_number),
               name != '', name, display_phone_number) AS label
FROM phone_numbers AS c
FULL OUTER JOIN (SELECT phone_number_id, argMax(display_phone_number, (seen_ts, display_phone_number)) AS display
                 FROM webhook_display_numbers GROUP BY phone_number_id) AS w USING (phone_number_id)
