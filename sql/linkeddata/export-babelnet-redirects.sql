-- The redirect titles BabelNet gives for each synset's pages, per language (the same list on every row of a synset).
SELECT synset_id, language, redirects FROM wordnet_wikipedia_links
WHERE source = 'babelnet' AND synset_id IS NOT NULL AND redirects <> '[]'
GROUP BY synset_id, language, redirects ORDER BY synset_id, language, redirects;
