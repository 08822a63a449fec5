INSERT INTO imagenet_structure (wnid) VALUES (@wnid);
