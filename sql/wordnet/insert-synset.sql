INSERT INTO synsets (wnid, pos, offset, lexname, definition, examples) VALUES (@wnid, @pos, @offset, @lexname, @definition, @examples);
