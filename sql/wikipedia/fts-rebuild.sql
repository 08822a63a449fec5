-- Rebuilds the full-text index from wiki_articles (the loader builds it on a side thread instead; tests compare the two).
INSERT INTO wiki_articles_fts(wiki_articles_fts) VALUES ('rebuild');
