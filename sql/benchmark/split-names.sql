SELECT DISTINCT split FROM imagenet_splits ORDER BY split;
