-- Every row of one table in storage order (rowid, or primary key for WITHOUT ROWID tables).
-- {table} is replaced by a quoted identifier of a table that exists; it is never user text.
SELECT * FROM {table};
