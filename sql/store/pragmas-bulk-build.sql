-- A database being built in a temporary file: no journal or fsync (the file is discarded on failure and
-- only moved into place on success), a large page cache.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -200000;
-- Rows may reference rows loaded later (a pointer to a synset further down the file); references are
-- checked once, with foreign-key-check.sql, when the build is complete.
PRAGMA foreign_keys = OFF;
