SELECT source_id, relation, target_id FROM babelnet_edges ORDER BY source_id, relation, target_id;
