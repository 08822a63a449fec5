INSERT INTO wordnet_index (lemma, pos, sense_rank, wnid, tagged_senses) VALUES (@lemma, @pos, @sense_rank, @wnid, @tagged_senses);
