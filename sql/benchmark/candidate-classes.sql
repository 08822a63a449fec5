-- The non-training ImageNet classes with what the generator's filters need, in wnid order.
SELECT wnid, first_lemma AS FirstLemma, lexname AS Lexname, is_primary AS IsPrimary, population AS Population, word_count AS WordCount,
       is_ngram AS IsNgram, definition AS Definition
FROM class_stats WHERE is_train = 0 ORDER BY wnid;
