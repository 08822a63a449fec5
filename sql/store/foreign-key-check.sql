-- The first rows whose references name no existing row.
SELECT "table", rowid, parent, fkid FROM pragma_foreign_key_check LIMIT 5;
