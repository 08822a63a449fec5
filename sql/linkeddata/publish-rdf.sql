-- Replaces the published RDF tables with the freshly loaded ones (run inside one transaction).
DROP TABLE IF EXISTS rdf_triples;
DROP TABLE IF EXISTS rdf_terms;
DROP TABLE IF EXISTS rdf_sources;
ALTER TABLE rdf_terms_loading RENAME TO rdf_terms;
ALTER TABLE rdf_triples_loading RENAME TO rdf_triples;
ALTER TABLE rdf_sources_loading RENAME TO rdf_sources;
CREATE UNIQUE INDEX rdf_terms_key ON rdf_terms (kind, value, datatype, language);
CREATE INDEX rdf_triples_spo ON rdf_triples (s, p, o);
CREATE INDEX rdf_triples_pos ON rdf_triples (p, o);
