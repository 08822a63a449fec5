-- Synsets for the WordNet RDF export, in wnid order (deterministic output).
SELECT wnid, pos, offset, lexname, definition, examples FROM synsets ORDER BY wnid;
