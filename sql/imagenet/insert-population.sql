INSERT INTO imagenet_populations (wnid, images, source) VALUES (@wnid, @images, @source);
