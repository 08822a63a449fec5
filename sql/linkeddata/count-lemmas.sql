SELECT count(*) FROM lemmas;
