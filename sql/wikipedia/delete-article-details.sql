DELETE FROM wiki_links WHERE page_id = @page_id;
DELETE FROM wiki_categories WHERE page_id = @page_id;
DELETE FROM wiki_articles WHERE page_id = @page_id OR title = @title;
