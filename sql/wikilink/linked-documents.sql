-- the linked article of each synset: title + full text
SELECT s.wnid AS Wnid, a.title || char(10) || a.text AS Text
FROM synset_articles s JOIN wiki_articles a ON a.page_id = s.page_id ORDER BY s.wnid;
