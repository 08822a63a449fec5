-- Every noun hypernym edge (instance hypernyms included) of the WordNet hierarchy: child -> parent.
SELECT child AS Child, parent AS Parent
FROM hypernym_edges
ORDER BY child, parent;
