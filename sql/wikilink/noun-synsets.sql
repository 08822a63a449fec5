SELECT wnid AS Wnid, definition AS Definition, examples AS Examples FROM synsets WHERE pos = 'n' ORDER BY wnid;
