-- Whether the slice's events (derive_input) hold an entry message (etype 1): without one, the
-- free entry point steps (derive/12_free_entry_points, derive/15_fep_conversations) have no input.
SELECT count() AS n FROM derive_input WHERE etype = 1
