SELECT l.page_id AS PageId, l.target AS Target
FROM wiki_links l JOIN wiki_articles a ON a.page_id = l.page_id
WHERE a.is_disambiguation = 1 ORDER BY l.page_id, l.position;
