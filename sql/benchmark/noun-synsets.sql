-- Nodes of the noun graph: every noun synset, in wnid order (its array index in the graph).
SELECT wnid, lexname FROM synsets WHERE pos = 'n' ORDER BY wnid;
