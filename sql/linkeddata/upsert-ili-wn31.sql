INSERT INTO ili (ili, wn30, wn31) VALUES (@ili, NULL, @wn31) ON CONFLICT (ili) DO UPDATE SET wn31 = excluded.wn31;
