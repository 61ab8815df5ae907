-- Whether pipeline/32_new_ids may write a group without status lines (pipeline/70_group_summary
-- counted none) instead of pipeline/32_batch_ids: only when no id of it is one 32_batch_ids would
-- merge (its merged_ids: ids that occur more than once in the group, ids known before in
-- batch_old_keys). n = 0: 32_new_ids.
SELECT (SELECT count() - uniqExact(message_id) FROM staged_records WHERE kind IN ('message', 'status'))
       + (SELECT count() FROM batch_old_keys) AS n
