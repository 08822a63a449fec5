SELECT wnid AS Wnid, definition AS Text FROM synsets WHERE pos = 'n' ORDER BY wnid;
