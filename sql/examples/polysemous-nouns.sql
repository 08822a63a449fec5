-- Nouns with the most senses, and how often their first sense is tagged in the semantic concordances.
SELECT lemma, count(*) AS noun_senses, max(CASE WHEN sense_rank = 1 THEN wnid END) AS first_sense
FROM wordnet_index
WHERE pos = 'n'
GROUP BY lemma
ORDER BY noun_senses DESC, lemma
LIMIT 20;
