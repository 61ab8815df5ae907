-- The old status lines' table (moved aside by 612): every line of it is in statuses (611, 613).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
DROP TABLE IF EXISTS statuses_unsorted SYNC
