-- Definitions (glosses without examples) of the synsets of one part of speech (@pos; '' for all).
SELECT wnid AS Wnid, definition AS Definition
FROM synsets
WHERE @pos = '' OR pos = @pos OR (@pos = 'a' AND pos = 's')
ORDER BY wnid;
