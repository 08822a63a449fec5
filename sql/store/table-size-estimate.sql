-- The largest rowid of one table: a size estimate read from the end of its b-tree, without a scan.
-- {table} is replaced by a quoted identifier of a table that exists; it is never user text.
SELECT max(rowid) FROM {table};
