INSERT INTO morphological_exceptions (pos, inflected, base) VALUES (@pos, @inflected, @base);
