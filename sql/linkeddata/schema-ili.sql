-- The Collaborative Interlingual Index (./zsl etl links --cili): one concept, its WordNet 3.0 and 3.1 synsets.
DROP TABLE IF EXISTS ili;
CREATE TABLE ili (
    ili  TEXT PRIMARY KEY,               -- i46360
    wn30 TEXT,                           -- WordNet 3.0 wnid (n02084071; satellites as adjectives, a...), NULL if not in 3.0
    wn31 TEXT                            -- WordNet 3.1 synset in the same form (n02086723), NULL if not in 3.1
) WITHOUT ROWID;
CREATE INDEX ili_wn31 ON ili (wn31);
