SELECT relation, count(*) AS n FROM pointers GROUP BY relation ORDER BY relation;
