-- Time zone names the engine knows, to validate the WABA file.
SELECT time_zone AS name FROM system.time_zones WHERE time_zone IN {names:Array(String)}
