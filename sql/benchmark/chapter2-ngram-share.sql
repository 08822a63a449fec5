-- Thesis 2.4.2: share of n-gram (multi-word) labels. The thesis reports 54.2%; counted over every lemma of
-- the ImageNet classes, and over the class labels (first lemmas) alone.
SELECT 'every lemma of every class' AS counted,
       count(*) AS lemmas,
       sum(instr(l.lemma, ' ') > 0) AS ngram_lemmas,
       round(100.0 * sum(instr(l.lemma, ' ') > 0) / count(*), 1) AS percent
FROM lemmas l JOIN imagenet_classes c ON c.wnid = l.wnid
UNION ALL
SELECT 'first lemma (class label)', count(*), sum(is_ngram), round(100.0 * sum(is_ngram) / count(*), 1)
FROM class_stats;
