-- The Investment and Impact Fund (IIF) and the Capacity and Access
-- Improvement Payment (CAIP) self-assessment: achievement as NHS England
-- publishes it, a PCN's own figures month by month, QOF registers and
-- entered prevalences for the prevalence adjustment, and the CAIP tracker.
-- Dates are ISO 'YYYY-MM-DD' text; a financial year is the integer year it
-- starts in (2023 for 2023/24).  Indicator codes are written as NHS England
-- writes them ('ACC-08').

-- NHS England's IIF publication, one figure per row: an organisation (a
-- practice or a PCN, as published), an indicator, which figure of it, on
-- the achievement date.  Practices are rolled up to their PCN through the
-- registry's memberships on ach_date when a PCN's figures are read, never
-- here.  (`pcnops import iif`)
CREATE TABLE iif_published (
    fy INTEGER NOT NULL,
    ach_date TEXT NOT NULL,
    org_code TEXT NOT NULL,
    org_type TEXT NOT NULL CHECK (org_type IN ('practice', 'pcn')),
    org_name TEXT NOT NULL,
    code TEXT NOT NULL,
    part TEXT NOT NULL CHECK (part IN ('numerator', 'denominator', 'baseline_numerator',
                                       'baseline_denominator')),
    value INTEGER NOT NULL CHECK (value >= 0),
    ind_code TEXT NOT NULL,          -- IND_CODE as published (NCD026)
    measure TEXT NOT NULL,           -- MEASURE as published
    source TEXT NOT NULL,            -- the file's name
    PRIMARY KEY (fy, ach_date, org_code, code, part)
) WITHOUT ROWID;
CREATE INDEX iif_published_code ON iif_published (fy, code, ach_date);

-- A PCN's own figures for the year so far, entered month by month: the
-- year-to-date numerator and denominator at the end of the month, for the
-- PCN as a whole (org_code = pcn_code) or for one member practice.
-- (`pcnops iif enter`, the IIF page)
CREATE TABLE iif_entry (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    org_code TEXT NOT NULL REFERENCES org (code),
    code TEXT NOT NULL,
    month TEXT NOT NULL,             -- 'YYYY-MM-01'
    numerator INTEGER NOT NULL CHECK (numerator >= 0),
    denominator INTEGER NOT NULL CHECK (denominator >= 0),
    entered_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, code, month, org_code),
    CHECK (numerator <= denominator)
) WITHOUT ROWID;

-- QOF disease registers of each practice, for prevalence adjustments: the
-- patients on a register and the list they are counted out of.
-- (`pcnops import qof`)
CREATE TABLE qof_register (
    fy INTEGER NOT NULL,             -- the QOF year
    practice_code TEXT NOT NULL,
    register TEXT NOT NULL,          -- GROUP_CODE: LD, DM, ...
    patients INTEGER NOT NULL CHECK (patients >= 0),
    list_type TEXT NOT NULL,         -- PATIENT_LIST_TYPE: TOTAL, 18OV, ...
    list_size INTEGER NOT NULL CHECK (list_size >= 0),
    source TEXT NOT NULL,
    PRIMARY KEY (fy, register, practice_code)
) WITHOUT ROWID;

-- A prevalence entered by hand, for an indicator whose register is not
-- loaded: for one PCN, or for England (scope 'national').
-- (`pcnops iif prevalence`)
CREATE TABLE iif_prevalence (
    fy INTEGER NOT NULL,
    code TEXT NOT NULL,
    scope TEXT NOT NULL,             -- a PCN code, or 'national'
    patients INTEGER NOT NULL CHECK (patients >= 0),
    list_size INTEGER NOT NULL CHECK (list_size > 0),
    PRIMARY KEY (fy, code, scope)
) WITHOUT ROWID;

-- The CAIP self-assessment: each criterion's status and evidence, and the
-- date the clinical director declared it.  (`pcnops caip`, the Access page)
CREATE TABLE caip_status (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    fy INTEGER NOT NULL,
    criterion TEXT NOT NULL,         -- an id of rules/YYYY-YY/caip_criteria.csv
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'met', 'not_met')),
    evidence TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, fy, criterion)
) WITHOUT ROWID;

CREATE TABLE caip_declaration (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    fy INTEGER NOT NULL,
    declared_on TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, fy)
) WITHOUT ROWID;
