SELECT a.page_id, a.title, bm25(wiki_articles_fts) AS rank
FROM wiki_articles_fts JOIN wiki_articles a ON a.page_id = wiki_articles_fts.rowid
WHERE wiki_articles_fts MATCH @query ORDER BY rank LIMIT @limit;
