-- English links of every synset, grouped by wnid (the article choice reads them as a stream).
SELECT wnid AS Wnid, source AS Source, title AS Title, confidence AS Confidence, lemma AS Lemma, redirects AS Redirects
FROM wordnet_wikipedia_links WHERE language = 'en' ORDER BY wnid, source, title;
