SELECT id, block FROM wiki_articles_fts_data ORDER BY id;
