INSERT INTO ili (ili, wn30, wn31) VALUES (@ili, @wn30, NULL);
