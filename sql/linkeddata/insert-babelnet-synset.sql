INSERT INTO babelnet_synsets (synset_id, iri, synset_type, gloss) VALUES (@synset_id, @iri, @synset_type, @gloss);
