-- The wnid of a WordNet sense name such as person.n.01: the noun synset of that lemma with that sense rank.
SELECT l.wnid FROM lemmas l JOIN synsets s ON s.wnid = l.wnid AND s.pos = 'n'
WHERE lower(l.lemma) = lower(@lemma) AND l.sense_rank = @rank ORDER BY l.wnid;
