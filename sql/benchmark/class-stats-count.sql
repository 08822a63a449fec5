SELECT count(*) AS classes, sum(population IS NOT NULL) AS with_population, sum(word_count IS NOT NULL) AS with_word_count,
       sum(word_count IS NULL AND is_ngram) AS unknown_multi_word, sum(word_count IS NULL AND NOT is_ngram) AS unknown_single_word
FROM class_stats;
