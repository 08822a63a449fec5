INSERT INTO wiki_articles_fts_idx (segid, term, pgno) VALUES (@segid, @term, @pgno);
