-- Resolves a NLTK-style synset name 'mammal.n.01' (index lemma, part of speech, sense number) to its wnid.
SELECT wnid FROM wordnet_index WHERE lemma = @lemma AND pos = @pos AND sense_rank = @rank;
