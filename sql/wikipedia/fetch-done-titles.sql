-- titles that need no request: already an article or a redirect, or answered before with a page or a 404
SELECT title FROM wiki_articles
UNION SELECT title FROM wiki_redirects
UNION SELECT title FROM wiki_fetch_log WHERE status IN ('ok', 'missing');
