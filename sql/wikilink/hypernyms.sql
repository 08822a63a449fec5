SELECT child AS Child, parent AS Parent FROM hypernym_edges ORDER BY child, parent;
