-- ImageNet metadata (etl imagenet): dropped and recreated on every run so that a rerun is idempotent.
-- class_stats (benchmark stats) is derived from these tables and references them: it goes too, rebuild it after.
DROP TABLE IF EXISTS class_stats;
DROP TABLE IF EXISTS imagenet_populations;
DROP TABLE IF EXISTS imagenet_splits;
DROP TABLE IF EXISTS imagenet_structure;
DROP TABLE IF EXISTS imagenet_classes;
DROP TABLE IF EXISTS imagenet_inputs;

-- The class universe: every ImageNet class (21,842 for ImageNet-21k), and whether it is an ILSVRC-2012 training class.
CREATE TABLE imagenet_classes (
    wnid     TEXT PRIMARY KEY REFERENCES synsets(wnid),
    is_train INTEGER NOT NULL CHECK (is_train IN (0, 1))
) WITHOUT ROWID;

-- Named class lists of imagenet-testsets.json: train, 2-hops, 3-hops, all, ... (names as in the file).
CREATE TABLE imagenet_splits (
    split TEXT NOT NULL,
    wnid  TEXT NOT NULL REFERENCES imagenet_classes(wnid),
    PRIMARY KEY (split, wnid)
) WITHOUT ROWID;

-- The wnids of ImageNet's structure_released.xml (classes and the internal nodes above them).
CREATE TABLE imagenet_structure (
    wnid TEXT PRIMARY KEY REFERENCES synsets(wnid)
) WITHOUT ROWID;

-- Images per class, from ReleaseStatus.xml, an image-URL list or an image folder. Empty when unknown.
CREATE TABLE imagenet_populations (
    wnid   TEXT PRIMARY KEY REFERENCES imagenet_classes(wnid),
    images INTEGER NOT NULL CHECK (images >= 0),
    source TEXT NOT NULL
) WITHOUT ROWID;

-- The files this stage read, with their SHA-256, for provenance (manifest.json of published splits).
CREATE TABLE imagenet_inputs (
    role    TEXT PRIMARY KEY,
    file    TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    records INTEGER NOT NULL
) WITHOUT ROWID;
