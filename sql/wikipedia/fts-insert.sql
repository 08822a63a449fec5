INSERT INTO wiki_articles_fts (rowid, title, text) VALUES (@page_id, @title, @text);
