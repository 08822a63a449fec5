-- Every read-write connection: enforce foreign keys, wait for a busy writer instead of failing at once.
PRAGMA foreign_keys = ON;
PRAGMA busy_timeout = 5000;
