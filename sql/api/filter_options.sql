-- What the filter bar offers: WABAs (with names and time zones), phone numbers, markets,
-- categories, pricing types and customer countries present in the data the key may read (a
-- country by its ISO 3166 code, labelled as {country_codes}/{country_labels} spell it, "United
-- States (US)"; the customers of no known country as `unknown`, "Unknown country", the word the
-- country filter takes), each with the first and
-- last local day it has data and the WABAs it has data in (wabas: the page offers a WABA's own
-- markets and categories once one is chosen; every option stayed offered and answered 0). A WABA
-- whose messages all fell in conversations of another WABA (a phone number given under two: a
-- conversation is its opening message's WABA) has no conversation but is offered too, with the
-- days of its messages (verdict_daily): a link to it was called unknown although its messages
-- are stored (fresh-user trial). A WABA's days are those of its messages too: a day of messages
-- that opened nothing (an inbound under per-message pricing, a failed send) was outside the
-- dashboard's span, which refused a From on it as "after the last day with data" (trial).
SELECT kind, id, any(label) AS label, any(waba) AS waba_id, any(tz) AS timezone, arraySort(groupUniqArray(s_waba)) AS wabas,
       toDateTime64(min(first), 3, 'UTC') AS first_day, toDateTime64(max(last), 3, 'UTC') AS last_day
FROM (
  SELECT o.1 AS kind, o.2 AS id, o.3 AS label, if(kind IN ('waba', 'phone'), s.waba_id, '') AS waba,
         if(kind = 'waba', if(w.timezone = '', 'UTC', w.timezone), '') AS tz,
         s.first AS first, s.last AS last, s.waba_id AS s_waba
  FROM (
    SELECT waba_id, phone_number_id, market, category, pricing_type, country,
           min(local_date) AS first, max(local_date) AS last
    FROM spend_daily
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY waba_id, phone_number_id, market, category, pricing_type, country
    HAVING sum(conversations) != 0
  ) AS s
  LEFT JOIN wabas AS w ON w.waba_id = s.waba_id
  LEFT JOIN phone_number_labels AS p ON p.phone_number_id = s.phone_number_id
  ARRAY JOIN [('waba', s.waba_id, if(w.name != '', w.name, s.waba_id)),
              ('phone', s.phone_number_id, if(p.label != '', p.label, s.phone_number_id)),
              ('market', s.market, s.market),
              ('category', s.category, s.category),
              ('pricing_type', s.pricing_type, s.pricing_type),
              ('country', if(s.country = '', 'unknown', s.country),
               if(s.country = '', 'Unknown country', transform(s.country, {country_codes:Array(String)}, {country_labels:Array(String)}, s.country)))] AS o
  UNION ALL
  SELECT 'waba' AS kind, v.waba_id AS id, if(w.name != '', w.name, v.waba_id) AS label, v.waba_id AS waba,
         if(w.timezone = '', 'UTC', w.timezone) AS tz, v.first AS first, v.last AS last, v.waba_id AS s_waba
  FROM (
    SELECT waba_id, min(local_date) AS first, max(local_date) AS last
    FROM verdict_daily
    WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
    GROUP BY waba_id
    HAVING sum(messages) != 0
  ) AS v
  LEFT JOIN wabas AS w ON w.waba_id = v.waba_id
)
GROUP BY kind, id
ORDER BY kind, label, id
