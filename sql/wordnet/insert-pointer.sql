INSERT INTO pointers (source_wnid, source_word, symbol, relation, target_wnid, target_word)
VALUES (@source_wnid, @source_word, @symbol, @relation, @target_wnid, @target_word);
