-- Thesis 2.4.2.1: rare labels. Share of classes whose label occurs fewer than T times in the word-count source,
-- among the classes whose label has a count (multi-word labels rarely have one), and how many have none.
WITH thresholds(t) AS (VALUES (10), (50), (100), (1000)),
known AS (SELECT word_count FROM class_stats WHERE word_count IS NOT NULL)
SELECT 'count < ' || t AS measure,
       (SELECT count(*) FROM known) AS classes_with_count,
       (SELECT count(*) FROM known WHERE word_count < t) AS matching,
       round(100.0 * (SELECT count(*) FROM known WHERE word_count < t) / max(1, (SELECT count(*) FROM known)), 1) AS percent
FROM thresholds
UNION ALL
SELECT 'no count for the label', count(*), sum(word_count IS NULL), round(100.0 * sum(word_count IS NULL) / count(*), 1)
FROM class_stats;
