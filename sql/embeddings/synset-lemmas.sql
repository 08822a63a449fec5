-- Lemmas of the synsets of one part of speech (@pos: n, v, a, r; '' for all), in synset order.
SELECT lemmas.wnid AS Wnid, lemmas.lemma AS Lemma
FROM lemmas JOIN synsets ON synsets.wnid = lemmas.wnid
WHERE @pos = '' OR synsets.pos = @pos OR (@pos = 'a' AND synsets.pos = 's')
ORDER BY lemmas.wnid, lemmas.word_number;
