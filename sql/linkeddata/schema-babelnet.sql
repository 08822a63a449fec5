-- Linked Open Data extracted from the loaded RDF (BabelNet lemon RDF, WordNet RDF, DBpedia-style links).
DROP TABLE IF EXISTS babelnet_synsets;
DROP TABLE IF EXISTS babelnet_wordnet_links;
DROP TABLE IF EXISTS babelnet_external_links;
DROP TABLE IF EXISTS babelnet_edges;
DROP TABLE IF EXISTS wordnet_wikipedia_links;
CREATE TABLE babelnet_synsets (
    synset_id   TEXT PRIMARY KEY,        -- bn:00015267n
    iri         TEXT NOT NULL,           -- http://babelnet.org/rdf/s00015267n
    synset_type TEXT,                    -- bn-lemon:synsetType (Concept / NamedEntity), when given
    gloss       TEXT                     -- an English gloss (bn-lemon:definition / bn-lemon:gloss), when given
) WITHOUT ROWID;
CREATE TABLE babelnet_wordnet_links (
    synset_id   TEXT NOT NULL,
    wnid        TEXT,                    -- WordNet 3.0 wnid; NULL for a WordNet IRI of another version (e.g. 3.1 offsets)
    wordnet_iri TEXT NOT NULL,
    PRIMARY KEY (synset_id, wordnet_iri)
) WITHOUT ROWID;
CREATE TABLE babelnet_external_links (
    synset_id   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('wikipedia', 'dbpedia')),
    iri         TEXT NOT NULL,
    language    TEXT NOT NULL,           -- wiki language (en, de, ...)
    title       TEXT NOT NULL,           -- page title, underscores for spaces
    via         TEXT NOT NULL,           -- 'synset' (link on the synset) or 'sense' (bn-lemon:wikipediaPage of a sense)
    PRIMARY KEY (synset_id, iri, via)
) WITHOUT ROWID;
CREATE TABLE babelnet_edges (
    source_id TEXT NOT NULL,
    relation  TEXT NOT NULL,             -- predicate IRI (skos:broader, skos:narrower, skos:related, ...)
    target_id TEXT NOT NULL,
    PRIMARY KEY (source_id, relation, target_id)
) WITHOUT ROWID;
CREATE TABLE wordnet_wikipedia_links (
    wnid     TEXT NOT NULL,
    language TEXT NOT NULL,
    title    TEXT NOT NULL,              -- Wikipedia page title (from a Wikipedia IRI or a DBpedia resource)
    PRIMARY KEY (wnid, language, title)
) WITHOUT ROWID;
