-- Share of noun lemmas that are n-grams (contain a space), the statistic chapter 2 of the thesis uses.
SELECT count(*) AS noun_lemmas,
       sum(lemma LIKE '% %') AS multiword,
       round(100.0 * sum(lemma LIKE '% %') / count(*), 1) AS multiword_percent
FROM lemmas l JOIN synsets s ON s.wnid = l.wnid
WHERE s.pos = 'n';
