SELECT wnid FROM imagenet_classes ORDER BY wnid;
