INSERT OR IGNORE INTO wordnet_wikipedia_links (wnid, source, language, title, synset_id, page_id, confidence, lemma, redirects)
VALUES (@wnid, @source, @language, @title, @synset_id, @page_id, @confidence, @lemma, @redirects);
