SELECT count(*) FROM wordnet_wikipedia_links;
