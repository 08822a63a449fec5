-- Transitive closure of the noun hierarchy: every (descendant, ancestor) pair, the training data of Poincaré
-- embeddings (Nickel & Kiela 2017). @instances = 1 follows instance hypernyms too (WordNet 3.0: 743,241 pairs
-- over 82,115 nouns); 0 follows hypernyms only.
WITH RECURSIVE closure(child, ancestor) AS (
    SELECT child, parent FROM hypernym_edges
    WHERE child LIKE 'n%' AND parent LIKE 'n%' AND (@instances OR NOT is_instance)
    UNION
    SELECT closure.child, hypernym_edges.parent
    FROM closure JOIN hypernym_edges ON hypernym_edges.child = closure.ancestor
    WHERE (@instances OR NOT hypernym_edges.is_instance)
)
SELECT child, ancestor FROM closure ORDER BY child, ancestor;
