-- Images per class of the classes of one named split whose population is known (class_stats), in wnid order.
SELECT cs.population
FROM imagenet_splits s JOIN class_stats cs ON cs.wnid = s.wnid
WHERE s.split = @split AND cs.population IS NOT NULL
ORDER BY s.wnid;
