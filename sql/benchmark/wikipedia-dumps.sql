-- Wikipedia dumps counted by `text count`, largest first.
SELECT source, tokens FROM word_count_corpora WHERE corpus = 'wikipedia' ORDER BY tokens DESC, source;
