INSERT INTO imagenet_splits (split, wnid) VALUES (@split, @wnid);
