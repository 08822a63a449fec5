INSERT INTO temp.label_count_sources (priority, source, ngrams) VALUES (@priority, @source, @ngrams);
