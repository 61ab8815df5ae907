-- The pricing-model timeline (pricing-models.md §1) for the dashboard's time axis: every row in
-- force on some day of {from}..{to}, with starts_in_range = 1 when its change falls inside the
-- period (the chart marks those) and a label saying what changed from the previous row, in
-- Meta's words, capitalised. The timeline is the same for every WABA; its dates are local dates of each WABA.
SELECT toDateTime64(effective_from, 3, 'UTC') AS effective_from, model, service,
       if(service = 'free_tier', toNullable(toInt32(free_tier)), NULL) AS free_tier,
       utility_in_service_window,
       toUInt8(effective_from BETWEEN {from:Date} AND {to:Date}) AS starts_in_range,
       -- the words start with a capital whichever change comes first ("Service free", "Per-message
       -- pricing; service free"): the joined text through a one-element arrayMap
       arrayMap(t -> concat(upperUTF8(substring(t, 1, 1)), substring(t, 2)), [arrayStringConcat(arrayFilter(x -> x != '', [
         if(model != prev_model, if(model = 'PMP', 'Per-message pricing', 'Conversation-based pricing'), ''),
         if(model != prev_model OR service != prev_service OR free_tier != prev_free_tier,
            if(service = 'free', 'service free',
               concat('service: ', wacost_count(free_tier), ' free ',
                      if(model = 'PMP', 'messages per phone number', 'conversations per WABA'), ' a month')), ''),
         if(model = 'PMP' AND (model != prev_model OR utility_in_service_window != prev_utility),
            concat('utility in the customer service window ', utility_in_service_window), '')]), '; ')])[1] AS label
FROM (
  SELECT effective_from, model, service, free_tier, utility_in_service_window,
         lagInFrame(model, 1, '') OVER w AS prev_model, lagInFrame(service, 1, '') OVER w AS prev_service,
         lagInFrame(free_tier, 1, 0) OVER w AS prev_free_tier,
         lagInFrame(utility_in_service_window, 1, '') OVER w AS prev_utility,
         leadInFrame(effective_from, 1, toDate('2149-06-06')) OVER w AS next_from,
         row_number() OVER w AS i
  FROM pricing_models
  WINDOW w AS (ORDER BY effective_from ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
-- before the first row the first row applies (pricing-models.md §1)
WHERE (effective_from <= {to:Date} OR i = 1) AND next_from > {from:Date}
ORDER BY effective_from
