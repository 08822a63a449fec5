-- Classes of a wnid list with an English article from BabelNet, from Fernando, and with a chosen article (class_articles).
SELECT
  (SELECT count(*) FROM json_each(@wnids) w WHERE EXISTS (SELECT 1 FROM wordnet_wikipedia_links l WHERE l.wnid = w.value AND l.source = 'babelnet' AND l.language = 'en')) AS babelnet,
  (SELECT count(*) FROM json_each(@wnids) w WHERE EXISTS (SELECT 1 FROM wordnet_wikipedia_links l WHERE l.wnid = w.value AND l.source = 'fernando' AND l.language = 'en')) AS fernando,
  (SELECT count(*) FROM json_each(@wnids) w WHERE EXISTS (SELECT 1 FROM class_articles c WHERE c.wnid = w.value)) AS linked;
