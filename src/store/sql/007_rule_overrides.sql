-- Rules in layers: figures that take the place of a national rules row for
-- one organisation, each with its dates, source and confidence.  A figure
-- comes from the first layer that has it for the date: the PCN's own figure
-- (scope 'pcn', for example a post's maximum from its claim statement),
-- else its ICB's local variation (scope 'icb': rates, ARRS maxima, extra
-- roles, with the agreement's name and the practices that signed), else the
-- national rules in rules/YYYY-YY/.  Dates are ISO 'YYYY-MM-DD' text, both
-- inclusive; valid_to NULL is open.  Every change is audited with its
-- before and after (override.h).
CREATE TABLE rule_override (
    id TEXT NOT NULL PRIMARY KEY,    -- a random token: the override's name
    scope TEXT NOT NULL CHECK (scope IN ('pcn', 'icb')),
    org_code TEXT NOT NULL,          -- the PCN or the ICB
    file TEXT NOT NULL,              -- a rules file without .csv: 'arrs_maxima'
    row_key TEXT NOT NULL,           -- its key columns joined by '/':
                                     -- 'care_coordinator/national'
    value TEXT NOT NULL,             -- as the rules file writes it: '36000'
    name TEXT,                       -- an extra role's name (arrs_roles)
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    source TEXT NOT NULL,            -- 'Claim statement, October 2026'
    source_date TEXT,                -- the statement's or agreement's date
    confidence TEXT NOT NULL CHECK (confidence IN ('official', 'single-source',
                                                   'unconfirmed')),
    agreement TEXT,                  -- icb: the local variation agreement's name
    signed_by TEXT,                  -- icb: practice codes that signed, 'A1,B2'
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX rule_override_org ON rule_override (org_code, file, row_key);
