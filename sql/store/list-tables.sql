-- User tables in a stable order (internal sqlite_* and FTS shadow tables excluded).
SELECT name FROM sqlite_master
WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
  AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
  AND name NOT IN (SELECT name || suffix FROM sqlite_master, (SELECT '_data' AS suffix UNION ALL SELECT '_idx' UNION ALL SELECT '_content' UNION ALL SELECT '_docsize' UNION ALL SELECT '_config')
                   WHERE sql LIKE 'CREATE VIRTUAL TABLE%')
ORDER BY name;
