SELECT wnid FROM imagenet_splits WHERE split = @split ORDER BY wnid;
