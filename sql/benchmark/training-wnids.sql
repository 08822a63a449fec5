-- The training classes (ILSVRC-2012), in wnid order.
SELECT wnid FROM imagenet_classes WHERE is_train = 1 ORDER BY wnid;
