-- Every noun synset: the wnids an ImageNet file may name.
SELECT wnid FROM synsets WHERE pos = 'n';
