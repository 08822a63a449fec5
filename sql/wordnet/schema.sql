-- WordNet 3.0 as parsed from the Princeton WNDB files. wnid = POS letter + 8-digit offset (n02084071),
-- the ImageNet form; adjective satellites (pos 's') keep the letter 'a' in their wnid.

CREATE TABLE lexnames (
    lex_filenum INTEGER PRIMARY KEY,
    lexname     TEXT NOT NULL UNIQUE,
    pos         TEXT NOT NULL            -- noun, verb, adj, adv
);

CREATE TABLE synsets (
    wnid        TEXT PRIMARY KEY,
    pos         TEXT NOT NULL CHECK (pos IN ('n', 'v', 'a', 's', 'r')),
    offset      INTEGER NOT NULL,
    lexname     TEXT NOT NULL REFERENCES lexnames(lexname),
    definition  TEXT NOT NULL,
    examples    TEXT NOT NULL            -- JSON array of example sentences from the gloss
) WITHOUT ROWID;

CREATE TABLE lemmas (
    wnid        TEXT NOT NULL REFERENCES synsets(wnid),
    lemma       TEXT NOT NULL,           -- as written in the synset, spaces for underscores: 'Canis familiaris'
    word_number INTEGER NOT NULL,        -- 1-based position of the word in its synset
    lex_id      INTEGER NOT NULL,
    marker      TEXT,                    -- adjective syntactic marker: p, a or ip
    sense_key   TEXT NOT NULL,           -- senseidx(5WN): lemma%ss_type:lex_filenum:lex_id:head_word:head_id
    sense_rank  INTEGER,                 -- 1-based position of this synset in the lemma's index.* entry
    tag_count   INTEGER NOT NULL,        -- semantic-concordance tag count from cntlist.rev (0 when absent)
    PRIMARY KEY (wnid, word_number)
) WITHOUT ROWID;

CREATE TABLE pointers (
    source_wnid TEXT NOT NULL REFERENCES synsets(wnid),
    source_word INTEGER NOT NULL,        -- 0 for a semantic pointer between synsets
    symbol      TEXT NOT NULL,           -- WordNet pointer symbol: @, @i, ~, #m, ...
    relation    TEXT NOT NULL,           -- its name: hypernym, instance_hypernym, ...
    target_wnid TEXT NOT NULL REFERENCES synsets(wnid),
    target_word INTEGER NOT NULL
);

CREATE TABLE verb_frames (
    wnid         TEXT NOT NULL REFERENCES synsets(wnid),
    frame_number INTEGER NOT NULL,
    word_number  INTEGER NOT NULL        -- 0: the frame applies to every word of the synset
);

CREATE TABLE morphological_exceptions (
    pos       TEXT NOT NULL,
    inflected TEXT NOT NULL,
    base      TEXT NOT NULL
);
