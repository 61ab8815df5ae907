-- staged_records.rec_no (a record's place in its line) as UInt64: a line of JSON documents may
-- hold any number of records (ingest/documents.ts sends it over several runs; their numbers are
-- byte places in the line, migration 758), and a UInt16 wrapped past 65,535, so a record read as
-- the first of another line (pipeline/70_group_summary counts a line's record 0). rejected_lines
-- keeps it as UInt32: there it only orders and tells apart a line's rejected records.
-- derived data: unchanged (a working table of the parse)
ALTER TABLE staged_records MODIFY COLUMN rec_no UInt64
