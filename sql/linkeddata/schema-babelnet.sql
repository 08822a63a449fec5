-- WordNet <-> Wikipedia links: BabelNet synsets and the links of every source. Written by ./zsl etl links (the
-- BabelNet 2.0.1 extract, Fernando 2013) and by ./zsl etl rdf (BabelNet lemon RDF, DBpedia, the links' own
-- N-Triples of ./zsl export rdf --content links); either replaces all of them.
DROP VIEW IF EXISTS class_articles;
DROP VIEW IF EXISTS link_disagreements;
DROP TABLE IF EXISTS wordnet_article_choices;
DROP TABLE IF EXISTS wordnet_article_candidates;
DROP TABLE IF EXISTS babelnet_synsets;
DROP TABLE IF EXISTS babelnet_wordnet_links;
DROP TABLE IF EXISTS babelnet_external_links;
DROP TABLE IF EXISTS babelnet_edges;
DROP TABLE IF EXISTS wordnet_wikipedia_links;
CREATE TABLE babelnet_synsets (
    synset_id   TEXT PRIMARY KEY,        -- bn:00015267n
    iri         TEXT NOT NULL,           -- http://babelnet.org/rdf/s00015267n
    synset_type TEXT,                    -- Concept / Named Entity (bn-lemon:synsetType), when given
    gloss       TEXT,                    -- an English gloss (bn-lemon:definition / bn-lemon:gloss), when given
    main_sense  TEXT                     -- the main sense, BabelNet's form lemma#n#sense (dog#n#1), when given
) WITHOUT ROWID;
CREATE TABLE babelnet_wordnet_links (
    synset_id   TEXT NOT NULL,
    wnid        TEXT,                    -- WordNet 3.0 wnid (3.1 identifiers mapped through CILI); NULL when unmapped
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
-- One row per WordNet 3.0 synset, source and page: what each source says, before any choice (class_articles).
CREATE TABLE wordnet_wikipedia_links (
    wnid       TEXT NOT NULL,
    source     TEXT NOT NULL,            -- 'babelnet' (BabelNet synsets), 'fernando' (Fernando 2013), 'lod' (other Linked Open Data)
    language   TEXT NOT NULL,
    title      TEXT NOT NULL,            -- Wikipedia page title, underscores for spaces
    synset_id  TEXT,                     -- the BabelNet synset giving the link (source 'babelnet')
    page_id    INTEGER,                  -- Wikipedia page id, when the source gives it (Fernando)
    confidence REAL,                     -- the source's confidence in [0, 1], when it gives one (Fernando)
    lemma      TEXT,                     -- the synset's word the source names: BabelNet's main sense (dog#n#1), Fernando's lemma
    redirects  TEXT NOT NULL,            -- JSON array of titles redirecting to the page according to the source, sorted
    PRIMARY KEY (wnid, source, language, title)
) WITHOUT ROWID;
CREATE INDEX wordnet_wikipedia_links_title ON wordnet_wikipedia_links (title);
