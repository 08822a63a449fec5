SELECT text FROM wiki_articles ORDER BY page_id;
