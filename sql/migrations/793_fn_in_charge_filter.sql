-- The filter bar's five selections on a charge (a spend_daily or conversations row): WABAs, phone
-- numbers, markets, categories and countries, each empty for "all" (wacost_in_filter, 058); the
-- country filter's `unknown` is the customers of no known country (country ''). One definition for
-- the headline, the spend chart and the ledger and daily exports (sql/api/headline.sql,
-- sql/api/spend.sql, sql/exports/*.sql), which wrote the five out each, so that a filter's rule
-- cannot differ between a panel and the file it sums to.
-- derived data: unchanged (only read by queries of the API and exports)
CREATE OR REPLACE FUNCTION wacost_in_charge_filter AS
  (wabas, phones, markets, categories, countries, waba_id, phone_number_id, market, category, country) -> (
  wacost_in_filter(wabas, waba_id) AND wacost_in_filter(phones, phone_number_id)
  AND wacost_in_filter(markets, market) AND wacost_in_filter(categories, category)
  AND wacost_in_filter(countries, if(country = '', 'unknown', country))
)
