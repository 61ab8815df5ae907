-- Copies one table of the current database into the what-if database (the connection's own):
-- the stored messages, their delivery facts and the reference data the derive reads. Both
-- databases were migrated by the same files, so their columns are the same, in the same order.
-- Streamed by the engine (INSERT … SELECT): memory stays bounded whatever the table's size.
INSERT INTO {table:Identifier} SELECT * FROM {source:Identifier}.{table:Identifier}
