-- The side index is built in one transaction: a 256 MiB pending-term hash (default 1 MiB) means far fewer
-- flushed segments to merge. Only the side database's copy of the index carries this setting.
INSERT INTO wiki_articles_fts (wiki_articles_fts, rank) VALUES ('hashsize', 268435456);
