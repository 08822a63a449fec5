INSERT INTO temp.label_keys (wnid, token_key) VALUES (@wnid, @token_key);
