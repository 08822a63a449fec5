-- A corpus may list a word twice (e.g. after normalisation): counts add up.
INSERT INTO word_counts (word, count, source) VALUES (@word, @count, @source)
ON CONFLICT (source, word) DO UPDATE SET count = count + excluded.count;
