-- The label (first lemma) of every ImageNet class, from the working table of class-stats-schema.sql.
SELECT wnid, lemma FROM temp.class_lemmas WHERE word_number = 1 ORDER BY wnid;
