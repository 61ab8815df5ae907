-- conversation_keys (073) listed the keys derived at least once; key_reach (560) lists them too,
-- with their reach, and is what the derive reads now.
DROP TABLE IF EXISTS conversation_keys
