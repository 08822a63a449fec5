DROP TABLE IF EXISTS rdf_terms_loading;
DROP TABLE IF EXISTS rdf_triples_loading;
DROP TABLE IF EXISTS rdf_sources_loading;
