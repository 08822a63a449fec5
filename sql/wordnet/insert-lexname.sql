INSERT INTO lexnames (lex_filenum, lexname, pos) VALUES (@lex_filenum, @lexname, @pos);
