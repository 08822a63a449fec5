INSERT OR IGNORE INTO babelnet_edges (source_id, relation, target_id) VALUES (@source_id, @relation, @target_id);
