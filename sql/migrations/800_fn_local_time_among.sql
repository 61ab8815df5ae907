-- derived data: unchanged (words for support's explanations; nothing derived reads it)
-- An instant as support reads it (wacost_local_time, 060: "2024-09-03 10:06"), with its seconds
-- when another instant of `others` (the times one sentence shows) falls in the same minute:
-- "2024-09-03 10:06:01.5" beside "10:06:00". A window opened 24 h + 1.5 s after the previous one
-- read "delivered 10:06 … (the previous one closed 10:06)", a contradiction to the eye
-- (fresh-user trial). The fraction is given to the millisecond, its trailing zeros left out
-- (".5", ".25", none for a whole second). The minute is compared in UTC: a time zone's offset is
-- whole minutes, so the same UTC minute is the same minute on its wall clock (and no time zone
-- is needed inside the lambda, where it would not be a constant). t and others: DateTime64(3).
CREATE OR REPLACE FUNCTION wacost_local_time_among AS (t, others, tz) -> (
  if(arrayExists(o -> if(o != t, intDiv(toUnixTimestamp64Milli(o), 60000) = intDiv(toUnixTimestamp64Milli(t), 60000), 0), others),
     concat(formatDateTime(t, '%Y-%m-%d %H:%i:%S', tz),
            replaceRegexpOne(concat('.', leftPad(toString(toUnixTimestamp64Milli(t) % 1000), 3, '0')), '\\.?0*$', '')),
     wacost_local_time(t, tz)))
