INSERT INTO imagenet_classes (wnid, is_train) VALUES (@wnid, @is_train);
