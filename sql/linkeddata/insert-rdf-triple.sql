INSERT INTO rdf_triples_loading (s, p, o, g, source) VALUES (@s, @p, @o, @g, @source);
