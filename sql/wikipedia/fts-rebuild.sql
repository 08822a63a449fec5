INSERT INTO wiki_articles_fts(wiki_articles_fts) VALUES ('rebuild');
