INSERT INTO rdf_sources_loading (id, path, statements, invalid_lines) VALUES (@id, @path, @statements, @invalid_lines);
