-- The classes of a published split (@wnids: JSON array of wnids) with their statistics, in wnid order.
SELECT wnid, first_lemma, lemmas, definition, lexname, depth, is_primary, population, word_count, train_distance
FROM class_stats
WHERE wnid IN (SELECT value FROM json_each(@wnids))
ORDER BY wnid;
