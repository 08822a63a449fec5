SELECT ili AS Ili, wn30 AS Wn30, wn31 AS Wn31 FROM ili ORDER BY ili;
