-- The what-if databases of one current database ({prefix} = '<database>_whatif_'), to drop the
-- stale ones.
SELECT name FROM system.databases WHERE startsWith(name, {prefix:String}) ORDER BY name
