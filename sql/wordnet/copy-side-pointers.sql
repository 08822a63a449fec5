-- Pointers are loaded into a side database on a second thread; the identical empty table receives them
-- through SQLite's transfer optimisation (records copied without decoding).
INSERT INTO pointers SELECT * FROM side.pointers;
