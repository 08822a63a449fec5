-- The classes of one named split of imagenet-testsets.json, in wnid order.
SELECT wnid FROM imagenet_splits WHERE split = @split ORDER BY wnid;
