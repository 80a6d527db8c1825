-- The inputs of the entitlement engine (src/funding/entitle.h) that NHS England's
-- registry files do not give: populations, care home beds, CAIP achievement
-- and each PCN's Network Agreement for sharing money among its practices.
-- Dates are ISO 'YYYY-MM-DD' text; a financial year is the integer year it
-- starts in (2025 for 2025/26).

-- Weighted and adjusted populations of a practice on a date (1 January for
-- the following year), as NHS England publishes them with two decimals,
-- held in hundredths.  NULL: not given.  (`pcnops import populations`)
CREATE TABLE population (
    practice_code TEXT NOT NULL,
    pop_date TEXT NOT NULL,
    weighted_h INTEGER CHECK (weighted_h >= 0),
    adjusted_h INTEGER CHECK (adjusted_h >= 0),
    source TEXT NOT NULL,
    PRIMARY KEY (practice_code, pop_date),
    CHECK (weighted_h IS NOT NULL OR adjusted_h IS NOT NULL)
) WITHOUT ROWID;

-- Beds in the care homes aligned to a PCN, from a month ('YYYY-MM-01') until
-- the next month entered.  (`pcnops set beds`)
CREATE TABLE care_home_beds (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    month TEXT NOT NULL,
    beds INTEGER NOT NULL CHECK (beds >= 0),
    PRIMARY KEY (pcn_code, month)
) WITHOUT ROWID;

-- The share of the CAIP maximum a PCN achieved in a year, in basis points.
-- (`pcnops set caip`)
CREATE TABLE caip_achievement (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    fy INTEGER NOT NULL,
    achieved_bp INTEGER NOT NULL CHECK (achieved_bp BETWEEN 0 AND 10000),
    PRIMARY KEY (pcn_code, fy)
) WITHOUT ROWID;

-- How a PCN's Network Agreement shares a stream among its practices, from a
-- year until a later row: by registered list (the default when there is no
-- row), by weighted population, or by fixed percentages.  Stream '*' is
-- every stream without a row of its own.  (`pcnops set distribution`)
CREATE TABLE distribution (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    stream TEXT NOT NULL,
    from_fy INTEGER NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('registered', 'weighted', 'fixed')),
    PRIMARY KEY (pcn_code, stream, from_fy)
) WITHOUT ROWID;

-- The fixed percentages of a 'fixed' distribution, in basis points; they
-- add up to 10,000.
CREATE TABLE distribution_share (
    pcn_code TEXT NOT NULL,
    stream TEXT NOT NULL,
    from_fy INTEGER NOT NULL,
    practice_code TEXT NOT NULL,
    share_bp INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
    PRIMARY KEY (pcn_code, stream, from_fy, practice_code),
    FOREIGN KEY (pcn_code, stream, from_fy)
        REFERENCES distribution (pcn_code, stream, from_fy) ON DELETE CASCADE
) WITHOUT ROWID;
