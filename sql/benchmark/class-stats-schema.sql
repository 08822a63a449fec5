-- One row per ImageNet class with the statistics of thesis chapter 2 (benchmark stats). Rebuilt on every run.
DROP TABLE IF EXISTS class_stats;
CREATE TABLE class_stats (
    wnid                  TEXT PRIMARY KEY REFERENCES imagenet_classes(wnid),
    first_lemma           TEXT NOT NULL,    -- the class label: first lemma of the synset
    lemmas                TEXT NOT NULL,    -- JSON array of every lemma, in synset order
    lemma_count           INTEGER NOT NULL,
    is_ngram              INTEGER NOT NULL, -- the first lemma has several words ('golden retriever')
    noun_senses           TEXT NOT NULL,    -- JSON array: number of noun senses of each lemma, in lemma order
    first_lemma_senses    INTEGER NOT NULL,
    first_lemma_tag_count INTEGER NOT NULL, -- SemCor tag count of this sense of the first lemma (cntlist.rev)
    is_primary            INTEGER NOT NULL, -- strict rule: that tag count is the maximum over the lemma's noun senses, and no other sense ties it
    shares_lemma          INTEGER NOT NULL, -- some lemma also names another ImageNet class (the 'cairn' case)
    depth                 INTEGER NOT NULL, -- fewest hypernym steps up to entity.n.01
    lexname               TEXT NOT NULL,
    definition            TEXT NOT NULL,
    population            INTEGER,          -- images; NULL when no population source was loaded
    word_count            INTEGER,          -- occurrences of the label (see ClassStats.LabelCountRule); NULL if unknown
    word_count_source     TEXT,             -- the word_counts source that gave word_count
    train_distance        INTEGER NOT NULL, -- shortest-path length to the nearest training class (0 for training classes)
    is_train              INTEGER NOT NULL,
    in_2hops              INTEGER NOT NULL, -- standard splits of imagenet-testsets.json (truly 1 hop, 2 hops, all)
    in_3hops              INTEGER NOT NULL,
    in_all                INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TEMP TABLE IF NOT EXISTS class_graph (wnid TEXT PRIMARY KEY, depth INTEGER NOT NULL, train_distance INTEGER NOT NULL) WITHOUT ROWID;
DELETE FROM temp.class_graph;

-- Working tables for insert-class-stats.sql (temp: gone when the connection closes).
DROP TABLE IF EXISTS temp.class_lemmas;
CREATE TEMP TABLE class_lemmas AS
SELECT l.wnid, l.lemma, l.word_number, l.tag_count, lower(l.lemma) AS lemma_key
FROM lemmas l JOIN imagenet_classes c ON c.wnid = l.wnid;
CREATE INDEX temp.class_lemmas_key ON class_lemmas(lemma_key);
CREATE INDEX temp.class_lemmas_wnid ON class_lemmas(wnid, word_number);

DROP TABLE IF EXISTS temp.noun_lemmas;
CREATE TEMP TABLE noun_lemmas AS
SELECT lower(l.lemma) AS lemma_key, l.wnid, l.tag_count
FROM lemmas l JOIN synsets s ON s.wnid = l.wnid AND s.pos = 'n';
CREATE INDEX temp.noun_lemmas_key ON noun_lemmas(lemma_key, tag_count);

-- Per lemma: its noun senses, the highest tag count among them, and how many senses reach it.
DROP TABLE IF EXISTS temp.lemma_senses;
CREATE TEMP TABLE lemma_senses (lemma_key TEXT PRIMARY KEY, senses INTEGER NOT NULL, max_tag_count INTEGER NOT NULL, senses_at_max INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO temp.lemma_senses
SELECT m.lemma_key, m.senses, m.max_tag_count,
       (SELECT count(DISTINCT n.wnid) FROM temp.noun_lemmas n WHERE n.lemma_key = m.lemma_key AND n.tag_count = m.max_tag_count)
FROM (SELECT lemma_key, count(DISTINCT wnid) AS senses, max(tag_count) AS max_tag_count FROM temp.noun_lemmas GROUP BY lemma_key) m;

-- Where the label counts come from, in order (filled by ClassStats.Build): the first source listing a label gives
-- its count; ngrams = 0 marks a list of single words, asked about single-word labels only.
DROP TABLE IF EXISTS temp.label_count_sources;
CREATE TEMP TABLE label_count_sources (priority INTEGER PRIMARY KEY, source TEXT NOT NULL, ngrams INTEGER NOT NULL);

-- The token key of each class label (Zsl.Text.Tokenizer.Key: lower-case runs of letters and digits joined by spaces,
-- "St. John's wort" gives "st john s wort"): how text count stores the phrases it counted.
DROP TABLE IF EXISTS temp.label_keys;
CREATE TEMP TABLE label_keys (wnid TEXT PRIMARY KEY, token_key TEXT NOT NULL) WITHOUT ROWID;
