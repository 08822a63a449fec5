-- Definition and examples of the noun synsets the link sources name (gloss similarity of the article choice).
SELECT wnid AS Wnid, definition AS Definition, examples AS Examples FROM synsets
WHERE pos = 'n' AND wnid IN (SELECT wnid FROM wordnet_wikipedia_links) ORDER BY wnid;
