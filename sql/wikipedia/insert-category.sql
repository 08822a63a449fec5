INSERT OR IGNORE INTO wiki_categories (page_id, category) VALUES (@page_id, @category);
