-- English Wikipedia pages linked to WordNet synsets by the loaded Linked Open Data (./zsl etl rdf: BabelNet, DBpedia).
SELECT wnid AS Wnid, title AS Title FROM wordnet_wikipedia_links WHERE language = 'en' ORDER BY wnid, title;
