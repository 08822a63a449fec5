INSERT OR REPLACE INTO wiki_fetch_log (title, status, http_status, attempts, page_id, error)
VALUES (@title, @status, @http_status, @attempts, @page_id, @error);
