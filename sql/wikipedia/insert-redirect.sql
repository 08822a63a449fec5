INSERT INTO wiki_redirects (title, page_id, target) VALUES (@title, @page_id, @target);
