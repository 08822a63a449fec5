DELETE FROM word_count_corpora WHERE source = @source;
