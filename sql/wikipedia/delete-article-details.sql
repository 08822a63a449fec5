-- removes the stored copy of a page (by id, or another page with the same title) before it is stored again
DELETE FROM wiki_links WHERE page_id IN (SELECT page_id FROM wiki_articles WHERE page_id = @page_id OR title = @title);
DELETE FROM wiki_categories WHERE page_id IN (SELECT page_id FROM wiki_articles WHERE page_id = @page_id OR title = @title);
DELETE FROM wiki_articles WHERE page_id = @page_id OR title = @title;
