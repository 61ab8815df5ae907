-- Benchmark baseline: ClickHouse's own JSONEachRow parse of the log file into bench_raw (the
-- file's structure is taken from the insertion table).
INSERT INTO bench_raw SELECT * FROM file({path:String}, 'JSONEachRow')
