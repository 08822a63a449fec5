-- Links of sources other than BabelNet synsets (Fernando, other Linked Open Data), exported as link resources.
SELECT wnid AS Wnid, source AS Source, language AS Language, title AS Title, synset_id AS SynsetId, page_id AS PageId,
       confidence AS Confidence, lemma AS Lemma, redirects AS Redirects
FROM wordnet_wikipedia_links WHERE source <> 'babelnet' ORDER BY wnid, source, language, title;
