-- Every sense of every index lemma of one part of speech (@pos): the synsets a word may denote, by sense rank.
SELECT lemma AS Lemma, sense_rank AS SenseRank, wnid AS Wnid
FROM wordnet_index
WHERE pos = @pos
ORDER BY lemma, sense_rank;
