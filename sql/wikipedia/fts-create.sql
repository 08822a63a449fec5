-- Full-text index over wiki_articles (title, text); external content, so the text is stored once.
CREATE VIRTUAL TABLE IF NOT EXISTS wiki_articles_fts USING fts5(title, text, content='wiki_articles', content_rowid='page_id');
