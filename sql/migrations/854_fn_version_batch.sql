-- The batch a message's version was stored by: its top 24 bits, in both layouts of a version
-- (wacost_line_version, 053, and wacost_record_version, 121, put the batch at bit 40). The one
-- place besides those two that knows the layout; sql/queries/demo_stored.sql wrote the shift
-- itself. Reads that want one batch's rows filter a version range instead
-- (wacost_record_version(batch, 0) up to that of batch + 1), as sql/derive/10_events.sql does.
-- derived data: unchanged (a name for an expression one query used: nothing derived reads it)
CREATE OR REPLACE FUNCTION wacost_version_batch AS (version) -> (
  bitShiftRight(toUInt64(version), 40)
)
