-- Wikipedia articles from a MediaWiki dump (./zsl etl wikipedia): dropped and recreated by every run.
DROP TABLE IF EXISTS wiki_articles_fts;
DROP TABLE IF EXISTS wiki_links;
DROP TABLE IF EXISTS wiki_categories;
DROP TABLE IF EXISTS wiki_redirects;
DROP TABLE IF EXISTS wiki_articles;
