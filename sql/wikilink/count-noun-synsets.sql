SELECT count(*) FROM synsets WHERE pos = 'n';
