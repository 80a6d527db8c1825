-- The registry: England's primary care organisations, keyed on ODS codes.
-- WITHOUT ROWID keeps a table in its primary-key order on SQLite; on
-- PostgreSQL it is dropped and each INTEGER is BIGINT (src/store/migrate.h).
-- Dates are ISO 'YYYY-MM-DD' text.  A period holds from valid_from
-- (inclusive) to valid_to (exclusive); a NULL valid_to means "still holds
-- in the latest publication loaded".

CREATE TABLE org (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('region', 'icb', 'sub_icb', 'pcn', 'practice'))
) WITHOUT ROWID;

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
) WITHOUT ROWID;

-- A practice's membership of a PCN (the ODS "is partner to" relationship).
CREATE TABLE membership (
    practice_code TEXT NOT NULL REFERENCES org (code),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    PRIMARY KEY (practice_code, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from)
) WITHOUT ROWID;
CREATE INDEX membership_pcn ON membership (pcn_code, valid_from);

-- Each publication loaded: a registry map or a list-size file, by its
-- extract date.  Periods above start and end on these dates.
CREATE TABLE publication (
    kind TEXT NOT NULL CHECK (kind IN ('registry', 'list_size')),
    extract_date TEXT NOT NULL,
    source TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    PRIMARY KEY (kind, extract_date)
);

-- Registered patients of a practice on a date: the total, by sex, and by sex
-- and 5-year age band (m00 = males aged 0 to 4, ..., m95 = males 95 and
-- over).  Bands are NULL when the publication did not give them.
CREATE TABLE list_size (
    practice_code TEXT NOT NULL,
    list_date TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total >= 0),
    male INTEGER,
    female INTEGER,
    m00 INTEGER, m05 INTEGER, m10 INTEGER, m15 INTEGER, m20 INTEGER,
    m25 INTEGER, m30 INTEGER, m35 INTEGER, m40 INTEGER, m45 INTEGER,
    m50 INTEGER, m55 INTEGER, m60 INTEGER, m65 INTEGER, m70 INTEGER,
    m75 INTEGER, m80 INTEGER, m85 INTEGER, m90 INTEGER, m95 INTEGER,
    f00 INTEGER, f05 INTEGER, f10 INTEGER, f15 INTEGER, f20 INTEGER,
    f25 INTEGER, f30 INTEGER, f35 INTEGER, f40 INTEGER, f45 INTEGER,
    f50 INTEGER, f55 INTEGER, f60 INTEGER, f65 INTEGER, f70 INTEGER,
    f75 INTEGER, f80 INTEGER, f85 INTEGER, f90 INTEGER, f95 INTEGER,
    PRIMARY KEY (practice_code, list_date)
) WITHOUT ROWID;
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
