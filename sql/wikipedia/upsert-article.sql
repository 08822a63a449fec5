-- an article fetched over HTTP replaces any older copy of the same page (its links and categories are deleted first)
INSERT OR REPLACE INTO wiki_articles (page_id, title, revision_id, is_disambiguation, lead, text, words, origin)
VALUES (@page_id, @title, @revision_id, @is_disambiguation, @lead, @text, @words, @origin);
