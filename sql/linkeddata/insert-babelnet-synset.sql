INSERT INTO babelnet_synsets (synset_id, iri, synset_type, gloss, main_sense) VALUES (@synset_id, @iri, @synset_type, @gloss, @main_sense);
