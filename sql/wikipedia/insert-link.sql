INSERT INTO wiki_links (page_id, position, target, anchor) VALUES (@page_id, @position, @target, @anchor);
