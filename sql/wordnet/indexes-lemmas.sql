-- Lemma search; built on the main thread while the second thread still writes synsets and pointers.
CREATE INDEX lemmas_lemma ON lemmas(lemma COLLATE NOCASE);
