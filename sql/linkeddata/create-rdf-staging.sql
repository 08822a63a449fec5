-- Staging tables of an RDF load (rdf_*_loading), filled in batched transactions and published by publish-rdf.sql.
DROP TABLE IF EXISTS rdf_terms_loading;
DROP TABLE IF EXISTS rdf_triples_loading;
DROP TABLE IF EXISTS rdf_sources_loading;
CREATE TABLE rdf_terms_loading (
    id       INTEGER PRIMARY KEY,
    kind     INTEGER NOT NULL,        -- 0 IRI, 1 blank node (label prefixed with its file number: f1_b0), 2 literal
    value    TEXT NOT NULL,
    datatype TEXT,                    -- typed literals only
    language TEXT                     -- language-tagged literals only
);
CREATE TABLE rdf_triples_loading (
    s INTEGER NOT NULL,
    p INTEGER NOT NULL,
    o INTEGER NOT NULL,
    g INTEGER,                        -- graph label term, NULL for the default graph
    source INTEGER NOT NULL           -- rdf_sources.id
);
CREATE TABLE rdf_sources_loading (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL,
    statements    INTEGER NOT NULL,
    invalid_lines INTEGER NOT NULL
);
