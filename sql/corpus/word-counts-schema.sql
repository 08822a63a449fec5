-- Word occurrence counts from any corpus (SUBTLEX-US, Wikipedia dumps, ...): one row per (source, word).
-- Each loader replaces only the rows of its own source.
CREATE TABLE IF NOT EXISTS word_counts (
    word   TEXT NOT NULL,
    count  INTEGER NOT NULL CHECK (count >= 0),
    source TEXT NOT NULL,
    PRIMARY KEY (source, word)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS word_counts_word ON word_counts(word COLLATE NOCASE);
