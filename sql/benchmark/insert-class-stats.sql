-- Fills class_stats from WordNet, the ImageNet tables, word_counts and the temp tables of
-- class-stats-schema.sql (class_graph holds depth and training distance computed on the noun graph).
WITH shared AS (
    SELECT DISTINCT a.wnid FROM temp.class_lemmas a JOIN temp.class_lemmas b ON b.lemma_key = a.lemma_key AND b.wnid <> a.wnid
),
per_class AS (
    SELECT cl.wnid,
           json_group_array(cl.lemma) AS lemmas,
           json_group_array(ls.senses) AS noun_senses,
           count(*) AS lemma_count
    FROM (SELECT * FROM temp.class_lemmas ORDER BY wnid, word_number) cl
    JOIN temp.lemma_senses ls ON ls.lemma_key = cl.lemma_key
    GROUP BY cl.wnid
),
first AS (
    SELECT cl.wnid, cl.lemma, cl.lemma_key, cl.tag_count, ls.senses, ls.max_tag_count, ls.senses_at_max
    FROM temp.class_lemmas cl JOIN temp.lemma_senses ls ON ls.lemma_key = cl.lemma_key
    WHERE cl.word_number = 1
),
-- The label's count: the first source of temp.label_count_sources (lowest priority) that lists the label. A
-- source with ngrams = 1 (counted by text count) stores token keys; one with ngrams = 0 (a single-word list) is
-- asked about single-word labels only, as written.
label_counts AS (
    SELECT f.wnid, p.priority, p.source, sum(w.count) AS count
    FROM first f
    JOIN temp.label_keys k ON k.wnid = f.wnid
    JOIN temp.label_count_sources p ON p.ngrams = 1 OR instr(f.lemma, ' ') = 0
    JOIN word_counts w ON w.source = p.source AND w.word = (CASE WHEN p.ngrams = 1 THEN k.token_key ELSE f.lemma END) COLLATE NOCASE
    GROUP BY f.wnid, p.priority, p.source
),
counts AS (
    SELECT wnid, count, source
    FROM (SELECT *, row_number() OVER (PARTITION BY wnid ORDER BY priority) AS rank FROM label_counts)
    WHERE rank = 1
)
INSERT INTO class_stats
SELECT c.wnid, f.lemma, pc.lemmas, pc.lemma_count,
       instr(f.lemma, ' ') > 0,
       pc.noun_senses, f.senses, f.tag_count,
       f.tag_count = f.max_tag_count AND f.senses_at_max = 1,
       c.wnid IN (SELECT wnid FROM shared),
       g.depth, s.lexname, s.definition,
       p.images,
       w.count, w.source,
       g.train_distance, c.is_train,
       EXISTS (SELECT 1 FROM imagenet_splits x WHERE x.split = '2-hops' AND x.wnid = c.wnid),
       EXISTS (SELECT 1 FROM imagenet_splits x WHERE x.split = '3-hops' AND x.wnid = c.wnid),
       EXISTS (SELECT 1 FROM imagenet_splits x WHERE x.split = 'all' AND x.wnid = c.wnid)
FROM imagenet_classes c
JOIN synsets s ON s.wnid = c.wnid
JOIN first f ON f.wnid = c.wnid
JOIN per_class pc ON pc.wnid = c.wnid
JOIN temp.class_graph g ON g.wnid = c.wnid
LEFT JOIN imagenet_populations p ON p.wnid = c.wnid
LEFT JOIN counts w ON w.wnid = c.wnid
ORDER BY c.wnid;
