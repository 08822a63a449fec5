-- Occurrence counts of words and lemmas in corpora; each source (corpus) owns its rows.
CREATE TABLE IF NOT EXISTS word_counts (
  word   TEXT NOT NULL,     -- lower-case word or multi-word lemma, tokens separated by one space
  count  INTEGER NOT NULL,
  source TEXT NOT NULL      -- corpus: 'wikipedia', 'brown', 'subtlex-us', ...
);
CREATE INDEX IF NOT EXISTS word_counts_source_word ON word_counts(source, word);
