-- The WordNet 3.0 wnid of a WordNet 3.1 synset (same wnid form), through the ILI.
SELECT wn30 FROM ili WHERE wn31 = @wn31 AND wn30 IS NOT NULL;
