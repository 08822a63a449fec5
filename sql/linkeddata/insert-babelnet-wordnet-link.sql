INSERT OR IGNORE INTO babelnet_wordnet_links (synset_id, wnid, wordnet_iri) VALUES (@synset_id, @wnid, @wordnet_iri);
