-- Attach a second database file under the schema name "side" (used to merge tables built in parallel).
ATTACH DATABASE @path AS side;
