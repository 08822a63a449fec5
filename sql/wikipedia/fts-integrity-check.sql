-- Fails (SQLITE_CORRUPT_VTAB) unless the index matches the content of wiki_articles exactly.
INSERT INTO wiki_articles_fts (wiki_articles_fts, rank) VALUES ('integrity-check', 1);
