-- Direct hierarchy neighbours of every synset: hypernyms, instance hypernyms and their inverses (hyponyms).
SELECT DISTINCT child AS Wnid, parent AS Neighbour FROM hypernym_edges
UNION
SELECT DISTINCT parent AS Wnid, child AS Neighbour FROM hypernym_edges
ORDER BY Wnid, Neighbour;
