SELECT page_id AS PageId, title AS Title, is_disambiguation AS Disambiguation, lead AS Lead FROM wiki_articles ORDER BY page_id;
