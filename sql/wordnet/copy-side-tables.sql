-- Synsets and pointers are loaded into a side database on a second thread; the identical empty tables receive
-- them through SQLite's transfer optimisation (records copied without decoding).
INSERT INTO synsets SELECT * FROM side.synsets;
INSERT INTO pointers SELECT * FROM side.pointers;
