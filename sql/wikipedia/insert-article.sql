INSERT INTO wiki_articles (page_id, title, revision_id, is_disambiguation, lead, text, words, origin)
VALUES (@page_id, @title, @revision_id, @is_disambiguation, @lead, @text, @words, @origin);
