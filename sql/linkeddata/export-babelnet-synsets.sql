SELECT synset_id AS SynsetId, iri AS Iri, synset_type AS SynsetType, gloss AS Gloss, main_sense AS MainSense FROM babelnet_synsets ORDER BY synset_id;
