SELECT wnid FROM imagenet_structure ORDER BY wnid;
