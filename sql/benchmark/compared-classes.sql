-- The classes of a compared split (@wnids: JSON array of wnids) with what the comparison measures, in wnid order.
SELECT wnid, lexname, population, word_count, is_ngram, is_primary, 1 AS is_class
FROM class_stats
WHERE wnid IN (SELECT value FROM json_each(@wnids))
ORDER BY wnid;
