INSERT INTO lemmas (wnid, lemma, word_number, lex_id, marker, sense_key, sense_rank, tag_count)
VALUES (@wnid, @lemma, @word_number, @lex_id, @marker, @sense_key, @sense_rank, @tag_count);
