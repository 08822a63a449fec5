INSERT INTO wiki_articles_fts_docsize (id, sz) VALUES (@id, @sz);
