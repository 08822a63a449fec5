INSERT INTO wiki_articles_fts_data (id, block) VALUES (@id, @block);
