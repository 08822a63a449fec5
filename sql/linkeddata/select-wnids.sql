SELECT wnid FROM synsets;
