-- Every queued batch is derived (derive/forget_all emptied the queue): no mark (migration 850)
-- names a derive still running, so they are all forgotten.
TRUNCATE TABLE derive_started
