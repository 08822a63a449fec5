DELETE FROM word_cooccurrence WHERE source = @source AND window_size = @window_size;
