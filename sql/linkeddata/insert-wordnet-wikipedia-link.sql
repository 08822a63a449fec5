INSERT OR IGNORE INTO wordnet_wikipedia_links (wnid, language, title) VALUES (@wnid, @language, @title);
