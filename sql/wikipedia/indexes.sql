CREATE INDEX IF NOT EXISTS wiki_links_target ON wiki_links(target);
CREATE INDEX IF NOT EXISTS wiki_redirects_target ON wiki_redirects(target);
CREATE INDEX IF NOT EXISTS wiki_categories_category ON wiki_categories(category);
