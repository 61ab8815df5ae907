-- Verdicts sorted only by part of their columns: as for conversations (571), a verdict row that
-- changed only in a column outside the sort key (whether an entry message started a free entry
-- point, a corrected template category, ...) had its -1 cancel the new row's +1 and the old row
-- stayed live. Dropped and created again by 577; derived again by the rebuild it calls for.
DROP TABLE IF EXISTS verdicts SYNC
