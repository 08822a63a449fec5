INSERT INTO synset_articles (wnid, page_id, method, score) VALUES (@wnid, @page_id, @method, @score);
