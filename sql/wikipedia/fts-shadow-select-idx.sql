SELECT segid, term, pgno FROM wiki_articles_fts_idx ORDER BY segid, term;
