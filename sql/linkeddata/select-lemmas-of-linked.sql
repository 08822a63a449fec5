-- WordNet lemmas of the linked synsets, in the order of select-links-for-choice.sql.
SELECT wnid AS Wnid, lemma AS Lemma FROM lemmas
WHERE wnid IN (SELECT wnid FROM wordnet_wikipedia_links WHERE language = 'en') ORDER BY wnid, word_number;
