-- English pages the link sources give each synset (./zsl etl links, ./zsl etl rdf), resolved to articles, the chosen one flagged.
SELECT wnid AS Wnid, article AS Title, max(chosen) AS Chosen FROM wordnet_article_candidates GROUP BY wnid, article ORDER BY wnid, article;
