-- Every synset's wnid, part of speech and offset: maps WN18RR-style bare offsets to wnids.
SELECT wnid, pos, offset FROM synsets ORDER BY wnid;
