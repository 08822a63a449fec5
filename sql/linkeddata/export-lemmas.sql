-- Lemmas (senses) for the WordNet RDF export.
SELECT wnid, lemma, word_number, sense_key, sense_rank, tag_count FROM lemmas ORDER BY wnid, word_number;
