-- The neighbourhood team (src/network/nbhd.h): the partner organisations a PCN works
-- with in its neighbourhood, their named leads, the PCNs and practices that
-- share its footprint, the six core components of neighbourhood health
-- (named in data/neighbourhood/components.csv) with status, owner and next
-- step, the organisation's contract over time, and which of the clinical
-- director's stakeholders (005_desk.sql) belong to which partner.  Meetings
-- and actions are network_meeting and network_action with area
-- 'neighbourhood'.  Dates are ISO text; every change is audited.

CREATE TABLE nbhd_partner (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('community_trust', 'mental_health_trust',
                                       'local_authority', 'vcse', 'community_pharmacy',
                                       'hospice', 'other')),
    ods_code TEXT,                   -- NULL: none (most VCSE bodies)
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX nbhd_partner_pcn ON nbhd_partner (pcn_code, name);

-- Named leads: the PCN's own (partner_id NULL) or a partner's.
CREATE TABLE nbhd_lead (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    partner_id INTEGER REFERENCES nbhd_partner (id),
    name TEXT NOT NULL,
    role_title TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX nbhd_lead_pcn ON nbhd_lead (pcn_code);

-- Other PCNs and practices in the same neighbourhood.
CREATE TABLE nbhd_footprint (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    org_code TEXT NOT NULL REFERENCES org (code),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, org_code)
) WITHOUT ROWID;

CREATE TABLE nbhd_component (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    component TEXT NOT NULL,         -- a code of data/neighbourhood/components.csv
    status TEXT NOT NULL CHECK (status IN ('not_started', 'planning', 'in_progress',
                                           'established')),
    owner TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, component)
) WITHOUT ROWID;

-- The contract the PCN's organisation holds from a date on (a code of
-- data/neighbourhood/contracts.csv).
CREATE TABLE nbhd_contract (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    valid_from TEXT NOT NULL,
    contract TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, valid_from)
) WITHOUT ROWID;

-- A desk stakeholder belongs to at most one partner of its own PCN.
CREATE TABLE nbhd_stakeholder (
    stakeholder_id INTEGER NOT NULL PRIMARY KEY REFERENCES desk_stakeholder (id),
    partner_id INTEGER NOT NULL REFERENCES nbhd_partner (id),
    pcn_code TEXT NOT NULL REFERENCES org (code)
);
