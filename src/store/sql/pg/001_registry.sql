-- The registry: England's primary care organisations, keyed on ODS codes.
-- PostgreSQL's variant of this migration (src/sql/sqlite/ has SQLite's,
-- with the same tables, columns, keys and constraints: tests/test_schema.c);
-- SQLite's INTEGER is 64 bits, so every integer here is BIGINT.
-- Dates are ISO 'YYYY-MM-DD' text.  A period holds from valid_from
-- (inclusive) to valid_to (exclusive); a NULL valid_to means "still holds
-- in the latest publication loaded".

CREATE TABLE org (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('region', 'icb', 'sub_icb', 'pcn', 'practice'))
);

-- Names, ONS codes, parents and other attributes that can change, each
-- version holding for a period between publications.
CREATE TABLE org_version (
    code TEXT NOT NULL REFERENCES org (code),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    name TEXT NOT NULL,
    ons_code TEXT,
    parent_code TEXT REFERENCES org (code),
    postcode TEXT,
    supplier TEXT,
    PRIMARY KEY (code, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- A practice's membership of a PCN (the ODS "is partner to" relationship).
CREATE TABLE membership (
    practice_code TEXT NOT NULL REFERENCES org (code),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    PRIMARY KEY (practice_code, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE INDEX membership_pcn ON membership (pcn_code, valid_from);

-- Each publication loaded: a registry map or a list-size file, by its
-- extract date.  Periods above start and end on these dates.
CREATE TABLE publication (
    kind TEXT NOT NULL CHECK (kind IN ('registry', 'list_size')),
    extract_date TEXT NOT NULL,
    source TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    PRIMARY KEY (kind, extract_date)
);

-- Registered patients of a practice on a date: the total, by sex, and by sex
-- and 5-year age band (m00 = males aged 0 to 4, ..., m95 = males 95 and
-- over).  Bands are NULL when the publication did not give them.
CREATE TABLE list_size (
    practice_code TEXT NOT NULL,
    list_date TEXT NOT NULL,
    total BIGINT NOT NULL CHECK (total >= 0),
    male BIGINT,
    female BIGINT,
    m00 BIGINT, m05 BIGINT, m10 BIGINT, m15 BIGINT, m20 BIGINT,
    m25 BIGINT, m30 BIGINT, m35 BIGINT, m40 BIGINT, m45 BIGINT,
    m50 BIGINT, m55 BIGINT, m60 BIGINT, m65 BIGINT, m70 BIGINT,
    m75 BIGINT, m80 BIGINT, m85 BIGINT, m90 BIGINT, m95 BIGINT,
    f00 BIGINT, f05 BIGINT, f10 BIGINT, f15 BIGINT, f20 BIGINT,
    f25 BIGINT, f30 BIGINT, f35 BIGINT, f40 BIGINT, f45 BIGINT,
    f50 BIGINT, f55 BIGINT, f60 BIGINT, f65 BIGINT, f70 BIGINT,
    f75 BIGINT, f80 BIGINT, f85 BIGINT, f90 BIGINT, f95 BIGINT,
    PRIMARY KEY (practice_code, list_date)
);
CREATE INDEX list_size_date ON list_size (list_date);

-- The ODS practice file (epraccur): status and open and close dates, as of
-- the last file loaded.  Only prescribing setting 4 (GP practices) is kept.
CREATE TABLE practice_ods (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('A', 'C', 'D', 'P')),
    open_date TEXT,
    close_date TEXT,
    region_code TEXT,
    icb_code TEXT,
    sub_icb_code TEXT,
    postcode TEXT,
    source TEXT NOT NULL
);
