SELECT title AS Title, target AS Target FROM wiki_redirects ORDER BY title;
