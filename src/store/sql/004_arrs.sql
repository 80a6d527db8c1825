-- ARRS: the staff register, each post's effective-dated terms, and the
-- monthly claims.  Money in pence, WTE in ten-thousandths, dates ISO text.

-- One post of one person in one PCN.  Salaries and costs are personal
-- data: only the PCN's managers and clinical director see them (perm.h).
CREATE TABLE arrs_staff (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    staff_ref TEXT,                  -- the PCN's own id, or the workforce file's UNIQUE_IDENTIFIER
    name TEXT NOT NULL,
    role_code TEXT NOT NULL,         -- an ARRS role id of the rules files (clinical_pharmacist)
    employment TEXT NOT NULL DEFAULT 'employed'
        CHECK (employment IN ('employed', 'lead_practice', 'subcontracted', 'mhp_shared')),
    zone TEXT NOT NULL DEFAULT 'national'
        CHECK (zone IN ('national', 'outer_london', 'inner_london')),
    start_date TEXT NOT NULL,        -- first day in post
    end_date TEXT,                   -- last day in post; NULL while in post
    supervisor_name TEXT,            -- the named clinical supervisor
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX arrs_staff_pcn ON arrs_staff (pcn_code, role_code);
CREATE UNIQUE INDEX arrs_staff_ref ON arrs_staff (pcn_code, staff_ref, role_code);

-- What the post costs, from a date: hours, then either an AfC pay point or
-- an actual salary (a year's pay at the post's WTE), with on-costs computed
-- from the rules or entered, or else a whole annual cost entered directly
-- (a sub-contract, or the staff file's annual_cost).
CREATE TABLE arrs_terms (
    staff_id INTEGER NOT NULL REFERENCES arrs_staff (id),
    valid_from TEXT NOT NULL,
    wte_e4 INTEGER NOT NULL CHECK (wte_e4 > 0 AND wte_e4 <= 10000),
    band TEXT,                       -- AfC band ("7", "8a")
    pay_point TEXT CHECK (pay_point IN ('single', 'entry', 'intermediate', 'top')),
    salary_pence INTEGER CHECK (salary_pence >= 0),     -- a year, at the WTE
    oncost_pence INTEGER CHECK (oncost_pence >= 0),     -- a year; NULL: from the rules
    cost_pence INTEGER CHECK (cost_pence >= 0),         -- a year, salary and on-costs
    PRIMARY KEY (staff_id, valid_from)
) WITHOUT ROWID;

-- A month's claim for a post, as it goes draft -> submitted -> approved -> paid.
CREATE TABLE arrs_claim (
    staff_id INTEGER NOT NULL REFERENCES arrs_staff (id),
    month TEXT NOT NULL,             -- 'YYYY-MM'
    pcn_code TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'paid')),
    claim_pence INTEGER NOT NULL CHECK (claim_pence >= 0),
    submitted_on TEXT,
    approved_on TEXT,
    approved_pence INTEGER,
    paid_on TEXT,
    paid_pence INTEGER,
    PRIMARY KEY (staff_id, month)
) WITHOUT ROWID;
CREATE INDEX arrs_claim_pcn ON arrs_claim (pcn_code, month);
