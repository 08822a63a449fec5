-- The number of rows of one table, to export the largest tables first (SQLite counts from the smallest index).
-- {table} is replaced by a quoted identifier of a table that exists; it is never user text.
SELECT count(*) FROM {table};
