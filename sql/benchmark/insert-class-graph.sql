INSERT INTO temp.class_graph (wnid, depth, train_distance) VALUES (@wnid, @depth, @train_distance);
