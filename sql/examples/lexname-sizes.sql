-- Synsets per lexicographer file: the coarse semantic categories of WordNet.
SELECT lexname, count(*) AS synsets
FROM synsets
GROUP BY lexname
ORDER BY synsets DESC;
