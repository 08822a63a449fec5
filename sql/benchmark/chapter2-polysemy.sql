-- Thesis 2.4.2.2: "half of the ImageNet word labels are shared with at least one other WordNet concept, and
-- 38% of ImageNet classes share at least one word label with other visual classes".
SELECT 'classes whose label has several noun senses' AS measure,
       count(*) AS classes, sum(first_lemma_senses > 1) AS matching,
       round(100.0 * sum(first_lemma_senses > 1) / count(*), 1) AS percent
FROM class_stats
UNION ALL
SELECT 'classes sharing a lemma with another ImageNet class', count(*), sum(shares_lemma), round(100.0 * sum(shares_lemma) / count(*), 1)
FROM class_stats
UNION ALL
SELECT 'classes whose label is not its primary meaning (strict rule)', count(*), sum(NOT is_primary), round(100.0 * sum(NOT is_primary) / count(*), 1)
FROM class_stats;
