-- Co-occurrence of context words with lemmas within a window (thesis table 4.1): p = cooccurrences / context_tokens.
CREATE TABLE IF NOT EXISTS word_cooccurrence (
  lemma             TEXT NOT NULL,
  word              TEXT NOT NULL,
  window_size       INTEGER NOT NULL,   -- words each side of the lemma
  cooccurrences     INTEGER NOT NULL,   -- times word occurs within the window of an occurrence of lemma
  lemma_occurrences INTEGER NOT NULL,
  context_tokens    INTEGER NOT NULL,   -- tokens in all windows of the lemma
  p                 REAL NOT NULL,      -- p(word | lemma) = cooccurrences / context_tokens
  source            TEXT NOT NULL,
  PRIMARY KEY (source, window_size, lemma, word)
);
