-- ImageNet-style classes (wnids) with at least one BabelNet synset / Wikipedia page.
SELECT
  (SELECT count(DISTINCT wnid) FROM babelnet_wordnet_links WHERE wnid IN (SELECT value FROM json_each(@wnids))) AS with_babelnet,
  (SELECT count(DISTINCT wnid) FROM wordnet_wikipedia_links WHERE wnid IN (SELECT value FROM json_each(@wnids))) AS with_wikipedia;
