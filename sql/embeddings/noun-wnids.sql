-- Every noun synset (the nodes of the noun hierarchy).
SELECT wnid FROM synsets WHERE pos = 'n' ORDER BY wnid;
