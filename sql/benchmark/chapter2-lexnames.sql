-- Lexicographer files of the ImageNet classes outside the training set, largest first.
SELECT lexname, count(*) AS classes, sum(is_primary) AS primary_meaning, round(avg(train_distance), 2) AS mean_train_distance
FROM class_stats WHERE is_train = 0
GROUP BY lexname ORDER BY classes DESC, lexname;
