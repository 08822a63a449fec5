INSERT OR IGNORE INTO babelnet_external_links (synset_id, kind, iri, language, title, via) VALUES (@synset_id, @kind, @iri, @language, @title, @via);
