SELECT id, sz FROM wiki_articles_fts_docsize ORDER BY id;
