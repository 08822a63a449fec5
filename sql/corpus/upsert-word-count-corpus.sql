INSERT INTO word_count_corpora (source, corpus, documents, tokens) VALUES (@source, @corpus, @documents, @tokens)
ON CONFLICT (source) DO UPDATE SET corpus = excluded.corpus, documents = excluded.documents, tokens = excluded.tokens;
