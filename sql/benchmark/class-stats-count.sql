SELECT count(*) AS classes, sum(population IS NOT NULL) AS with_population, sum(word_count IS NOT NULL) AS with_word_count FROM class_stats;
