-- Membership history from ODS and CQC ratings (issue 16).  Portable SQL.
--
-- The ODS ePCN report's practice-to-PCN relationships (`pcnops import
-- epcn`), with the real start and end dates, as ODS writes them: ISO text,
-- both days included; end_date NULL while the relationship holds.  The
-- monthly publications' memberships stay in `membership`; epcn.h compares
-- the two.  A whole report replaces the rows of the last one.
CREATE TABLE ods_membership (
    practice_code TEXT NOT NULL,
    pcn_code TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    practice_name TEXT NOT NULL,
    pcn_name TEXT NOT NULL,
    practice_sub_icb TEXT,
    pcn_sub_icb TEXT,
    source TEXT NOT NULL,            -- the file's name
    PRIMARY KEY (practice_code, pcn_code, start_date),
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX ods_membership_pcn ON ods_membership (pcn_code, start_date);

-- The report's PCNs (sheet PCNDetails, or ODS's `epcn` export).
CREATE TABLE ods_pcn (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sub_icb_code TEXT,
    open_date TEXT NOT NULL,
    close_date TEXT,
    postcode TEXT,
    source TEXT NOT NULL
);

-- CQC's latest ratings of GP practices (`pcnops import cqc`), as context
-- for supporting member practices, never for ranking them: one row per
-- location (joined on its ODS code) and domain ('Overall', 'Safe',
-- 'Effective', 'Caring', 'Responsive', 'Well-led'), the rating as CQC
-- writes it ('Good', 'Requires improvement', 'Not Rated', ...).  CQC's own
-- file gives the publication date; the derived CSV only the year.
CREATE TABLE cqc_rating (
    location_code TEXT NOT NULL,
    domain TEXT NOT NULL,
    rating TEXT NOT NULL,
    rating_date TEXT,                -- NULL when only the year is known
    rating_year INTEGER NOT NULL,
    location_name TEXT,
    inherited TEXT,                  -- 'Y', 'N' or NULL
    source TEXT NOT NULL,
    PRIMARY KEY (location_code, domain)
);
