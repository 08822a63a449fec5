-- One chosen English Wikipedia article per linked WordNet synset (ImageNet class), from wordnet_wikipedia_links:
-- rebuilt by ./zsl etl links, ./zsl etl rdf and ./zsl wikipedia link (which adds gloss similarity). The rule is
-- in docs/wikipedia.md ("Choosing one article per class").
DROP VIEW IF EXISTS class_articles;
DROP VIEW IF EXISTS link_disagreements;
DROP TABLE IF EXISTS wordnet_article_choices;
DROP TABLE IF EXISTS wordnet_article_candidates;
-- Every English link with the article it resolves to (redirects followed, case variants merged).
CREATE TABLE wordnet_article_candidates (
    wnid             TEXT NOT NULL,
    source           TEXT NOT NULL,
    title            TEXT NOT NULL,      -- as the source gives it
    article          TEXT NOT NULL,      -- the article it resolves to
    resolved_by      TEXT NOT NULL,      -- 'title', 'case', 'source redirect' (the BabelNet synset's redirects), 'wikipedia redirect' (wiki_redirects)
    lemma_agreement  INTEGER NOT NULL,   -- 1 when the article's title (qualifier removed) is, or ends with, a lemma of the synset
    gloss_similarity REAL,               -- TF-IDF cosine of the synset's gloss and the article's lead, when the article is loaded
    chosen           INTEGER NOT NULL CHECK (chosen IN (0, 1)),
    PRIMARY KEY (wnid, source, title)
) WITHOUT ROWID;
CREATE TABLE wordnet_article_choices (
    wnid       TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    source     TEXT NOT NULL,            -- the sources giving it, '+'-joined in rule order: babelnet, babelnet+fernando, fernando, lod
    confidence REAL,                     -- the highest confidence a source gives it (Fernando's), NULL when none does
    rule       TEXT NOT NULL,            -- what decided: 'only candidate', 'both sources', 'gloss similarity', 'lemma-title agreement', 'source order', 'lemma rank', 'confidence', 'title order'
    candidates INTEGER NOT NULL          -- distinct articles competing
) WITHOUT ROWID;
CREATE VIEW class_articles AS
SELECT wnid, title, source, confidence FROM wordnet_article_choices;
-- Synsets where BabelNet and Fernando name no common article, with the rule's choice.
CREATE VIEW link_disagreements AS
SELECT c.wnid,
       (SELECT group_concat(article, ' | ') FROM (SELECT DISTINCT article FROM wordnet_article_candidates b WHERE b.wnid = c.wnid AND b.source = 'babelnet' ORDER BY article)) AS babelnet,
       (SELECT group_concat(article, ' | ') FROM (SELECT DISTINCT article FROM wordnet_article_candidates f WHERE f.wnid = c.wnid AND f.source = 'fernando' ORDER BY article)) AS fernando,
       c.title AS chosen, c.source AS chosen_source, c.rule
FROM wordnet_article_choices c
WHERE EXISTS (SELECT 1 FROM wordnet_article_candidates b WHERE b.wnid = c.wnid AND b.source = 'babelnet')
  AND EXISTS (SELECT 1 FROM wordnet_article_candidates f WHERE f.wnid = c.wnid AND f.source = 'fernando')
  AND NOT EXISTS (SELECT 1 FROM wordnet_article_candidates b JOIN wordnet_article_candidates f
                  ON f.wnid = b.wnid AND f.article = b.article AND f.source = 'fernando'
                  WHERE b.wnid = c.wnid AND b.source = 'babelnet');
