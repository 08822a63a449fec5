INSERT OR IGNORE INTO wordnet_article_candidates (wnid, source, title, article, resolved_by, lemma_agreement, gloss_similarity, chosen)
VALUES (@wnid, @source, @title, @article, @resolved_by, @lemma_agreement, @gloss_similarity, @chosen);
