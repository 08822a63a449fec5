-- noun lemmas with their synsets (ImageNet classes are noun synsets)
SELECT l.wnid, l.lemma FROM lemmas l JOIN synsets s ON s.wnid = l.wnid WHERE s.pos = 'n' ORDER BY l.wnid, l.word_number;
