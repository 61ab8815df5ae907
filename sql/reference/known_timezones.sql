-- Time zone names the engine knows, to validate the WABA file.
SELECT name FROM system.time_zones WHERE name IN {names:Array(String)}
