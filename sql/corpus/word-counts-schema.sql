-- Word occurrence counts from any corpus (SUBTLEX-US, Wikipedia dumps, ...): one row per (source, word).
-- Each loader replaces only the rows of its own source.
CREATE TABLE IF NOT EXISTS word_counts (
    word   TEXT NOT NULL,
    count  INTEGER NOT NULL CHECK (count >= 0),
    source TEXT NOT NULL,
    PRIMARY KEY (source, word)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS word_counts_word ON word_counts(word COLLATE NOCASE);
-- The corpora that `text count` counted (not the ready-made frequency lists): how large each was, so that a
-- reader can tell a full Wikipedia dump from a sample.
CREATE TABLE IF NOT EXISTS word_count_corpora (
    source    TEXT PRIMARY KEY,
    corpus    TEXT NOT NULL,
    documents INTEGER NOT NULL,
    tokens    INTEGER NOT NULL
) WITHOUT ROWID;
