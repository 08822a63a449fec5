-- Leave the finished file in the ordinary rollback-journal mode.
PRAGMA journal_mode = DELETE;
