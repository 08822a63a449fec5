-- WordNet synset <-> Wikipedia article links (./zsl wikipedia link): dropped and recreated by every run.
DROP TABLE IF EXISTS synset_articles;
CREATE TABLE synset_articles (
  wnid    TEXT NOT NULL,        -- WordNet noun synset (ImageNet id)
  page_id INTEGER NOT NULL,     -- wiki_articles.page_id
  method  TEXT NOT NULL,        -- 'lod' (a BabelNet/DBpedia link of ./zsl etl rdf), 'title' (a lemma is the title), 'redirect' (a lemma redirects to it), 'disambiguation' (picked among a disambiguation page's links)
  score   REAL NOT NULL,        -- TF-IDF cosine of the synset's gloss and the article's lead
  PRIMARY KEY (wnid)
);
CREATE INDEX synset_articles_page ON synset_articles(page_id);
