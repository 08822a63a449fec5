DELETE FROM word_counts WHERE source = @source;
