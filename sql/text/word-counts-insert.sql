INSERT INTO word_counts (word, count, source) VALUES (@word, @count, @source);
