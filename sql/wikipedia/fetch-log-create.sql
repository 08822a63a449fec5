-- What ./zsl wikipedia fetch did with each requested title (for resuming: 'ok' and 'missing' titles are not asked again).
CREATE TABLE IF NOT EXISTS wiki_fetch_log (
  title       TEXT PRIMARY KEY,   -- the requested title, normalised
  status      TEXT NOT NULL,      -- 'ok', 'missing' (HTTP 404), 'failed' (retries exhausted; asked again next run)
  http_status INTEGER,            -- last HTTP status (NULL: no response)
  attempts    INTEGER NOT NULL,
  page_id     INTEGER,            -- the article stored (may be the target of a redirect)
  error       TEXT
);
