-- wnid of the sense_rank-th sense of a lemma (index form) with a part of speech: W3C WordNet RDF synset-dog-noun-1.
SELECT wnid FROM wordnet_index WHERE lemma = @lemma AND pos = @pos AND sense_rank = @sense_rank;
