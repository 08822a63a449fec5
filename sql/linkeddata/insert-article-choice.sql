INSERT INTO wordnet_article_choices (wnid, title, source, confidence, rule, candidates) VALUES (@wnid, @title, @source, @confidence, @rule, @candidates);
