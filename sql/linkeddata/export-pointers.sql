-- Pointers (semantic between synsets when source_word = 0, lexical between senses otherwise) for the WordNet RDF export.
SELECT source_wnid, source_word, relation, target_wnid, target_word FROM pointers
ORDER BY source_wnid, source_word, relation, target_wnid, target_word;
