-- Wikipedia tables (created by ./zsl etl wikipedia, completed by ./zsl wikipedia fetch).
CREATE TABLE IF NOT EXISTS wiki_articles (
  page_id           INTEGER PRIMARY KEY,          -- MediaWiki page id
  title             TEXT NOT NULL UNIQUE,         -- normalised title ('Domestic dog')
  revision_id       INTEGER,                      -- revision the text comes from
  is_disambiguation INTEGER NOT NULL CHECK (is_disambiguation IN (0, 1)),
  lead              TEXT NOT NULL,                -- plain text before the first section heading
  text              TEXT NOT NULL,                -- whole article as plain text, one paragraph a line
  words             INTEGER NOT NULL,             -- whitespace-separated words of text
  origin            TEXT NOT NULL                 -- 'dump' (file name) or 'rest' (fetched over HTTP)
);
CREATE TABLE IF NOT EXISTS wiki_redirects (
  title   TEXT PRIMARY KEY,                       -- the redirect page's title
  page_id INTEGER,                                -- the redirect page's id (NULL when learned from an HTTP redirect)
  target  TEXT NOT NULL                           -- title it redirects to (normalised, section dropped)
);
CREATE TABLE IF NOT EXISTS wiki_links (
  page_id  INTEGER NOT NULL REFERENCES wiki_articles(page_id),
  position INTEGER NOT NULL,                      -- order of the link in the article
  target   TEXT NOT NULL,                         -- normalised target title (may be a redirect or missing)
  anchor   TEXT NOT NULL,                         -- text shown for the link
  PRIMARY KEY (page_id, position)
);
CREATE TABLE IF NOT EXISTS wiki_categories (
  page_id  INTEGER NOT NULL REFERENCES wiki_articles(page_id),
  category TEXT NOT NULL,                         -- category name without the 'Category:' prefix
  PRIMARY KEY (page_id, category)
);
