-- Word-count sources in name order (word_counts may not exist yet: see corpus/word-counts-schema.sql).
SELECT DISTINCT source FROM word_counts ORDER BY source;
