SELECT synset_id AS SynsetId, kind AS Kind, iri AS Iri, language AS Language, title AS Title, via AS Via
FROM babelnet_external_links ORDER BY synset_id, iri, via;
