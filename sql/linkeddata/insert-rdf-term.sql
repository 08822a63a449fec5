INSERT INTO rdf_terms_loading (id, kind, value, datatype, language) VALUES (@id, @kind, @value, @datatype, @language);
