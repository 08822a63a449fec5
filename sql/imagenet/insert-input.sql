INSERT INTO imagenet_inputs (role, file, sha256, records) VALUES (@role, @file, @sha256, @records);
