-- How many WABAs each status line was admitted for (statuses.wabas, 540), per granule: the readers
-- that look up the message of every limited line (view status_message_wabas) skip the granules
-- holding none, so a database whose lines all came through unrestricted keys pays nothing for it.
ALTER TABLE statuses ADD INDEX IF NOT EXISTS statuses_scoped length(wabas) TYPE minmax GRANULARITY 1
