SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = @name;
