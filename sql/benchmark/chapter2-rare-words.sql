-- Thesis 2.4.2.1: rare labels. Share of the ImageNet class labels that occur fewer than T times, among the labels
-- whose count is known (the label-count rule of ClassStats: a full Wikipedia dump's n-gram counts, else the
-- Wikipedia single-word lists), and how many labels have no count, multi-word and single-word apart.
WITH thresholds(t) AS (VALUES (10), (50), (100), (1000)),
known AS (SELECT word_count FROM class_stats WHERE word_count IS NOT NULL)
SELECT 'count < ' || t AS measure,
       (SELECT count(*) FROM known) AS classes,
       (SELECT count(*) FROM known WHERE word_count < t) AS matching,
       round(100.0 * (SELECT count(*) FROM known WHERE word_count < t) / max(1, (SELECT count(*) FROM known)), 1) AS percent
FROM thresholds
UNION ALL
SELECT 'no count: multi-word label', count(*), sum(word_count IS NULL AND is_ngram), round(100.0 * sum(word_count IS NULL AND is_ngram) / count(*), 1)
FROM class_stats
UNION ALL
SELECT 'no count: single-word label', count(*), sum(word_count IS NULL AND NOT is_ngram), round(100.0 * sum(word_count IS NULL AND NOT is_ngram) / count(*), 1)
FROM class_stats;
