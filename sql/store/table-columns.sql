-- Declared columns of one table, in table order.
SELECT name, type, "notnull" AS not_null FROM pragma_table_info(@table) ORDER BY cid;
