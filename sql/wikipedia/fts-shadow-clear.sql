-- Empties the full-text index's own tables before the side-built index is copied in (version config is kept).
DELETE FROM wiki_articles_fts_data;
DELETE FROM wiki_articles_fts_idx;
DELETE FROM wiki_articles_fts_docsize;
