-- What batch {batch}, stopped before it had stored a whole group, stored of that first group, read
-- before its recovery (which forgets the keys of lines never stored: pipeline/65): a group is
-- stored statement by statement (ingest/pipeline.ts), and its warning said "except perhaps part of
-- that first group" where the part can be counted (break-it trial). `rejected`: its rejected lines
-- (pipeline/15_rejects, kept by batch); `messages`: the messages whose rows it stored
-- (pipeline/40_messages, the group's last statement; a row's version holds its batch), not the
-- tombstones it wrote; `keyed`: 1 when it recorded its ids' keys (pipeline/55_message_keys): only
-- then may pipeline/20_statuses, run after it, have stored status lines, whose rows hold no batch
-- and cannot be counted.
SELECT (SELECT count() FROM rejected_lines FINAL WHERE batch_id = {batch:UInt64}) AS rejected,
       (SELECT uniqExact(message_id) FROM messages
        WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1
          AND deleted = 0) AS messages,
       toUInt8((SELECT count() FROM message_keys
                WHERE version BETWEEN wacost_record_version({batch:UInt64}, 0) AND wacost_record_version({batch:UInt64} + 1, 0) - 1) > 0) AS keyed
