INSERT INTO word_cooccurrence (lemma, word, window_size, cooccurrences, lemma_occurrences, context_tokens, p, source)
VALUES (@lemma, @word, @window_size, @cooccurrences, @lemma_occurrences, @context_tokens, @p, @source);
