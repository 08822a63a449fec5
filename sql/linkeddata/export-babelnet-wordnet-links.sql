SELECT synset_id, wordnet_iri FROM babelnet_wordnet_links ORDER BY synset_id, wordnet_iri;
