SELECT role AS Role, file AS File, sha256 AS Sha256, records AS Records FROM imagenet_inputs ORDER BY role;
