-- Edges of the noun graph: hypernym and instance-hypernym pointers between nouns (84,427 in WordNet 3.0).
SELECT e.child, e.parent
FROM hypernym_edges e
JOIN synsets c ON c.wnid = e.child AND c.pos = 'n'
JOIN synsets p ON p.wnid = e.parent AND p.pos = 'n'
ORDER BY e.child, e.parent;
