INSERT INTO wiki_articles_fts (wiki_articles_fts, rowid, title, text) SELECT 'delete', page_id, title, text FROM wiki_articles WHERE page_id = @page_id OR title = @title;
