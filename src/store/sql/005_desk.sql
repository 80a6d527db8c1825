-- The clinical director's desk (src/desk/deskdb.h): time, requests, delegation,
-- stakeholders and engagement, and supervision of ARRS staff, each row
-- belonging to one PCN.  Dates are ISO 'YYYY-MM-DD' text, durations whole
-- minutes, shares whole per cent, times of change seconds since 1970; no
-- floating point.  Every change is also in the audit log, with before and
-- after.

-- The PCN's own figure for funded clinical director time from a date on;
-- minutes_per_week NULL returns to the rules' default (rules/YEAR/cd_time.csv).
CREATE TABLE desk_funded_time (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    valid_from TEXT NOT NULL,
    minutes_per_week INTEGER CHECK (minutes_per_week IS NULL OR
                                    (minutes_per_week >= 0 AND minutes_per_week <= 10080)),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, valid_from)
) WITHOUT ROWID;

-- People and organisations the clinical director deals with, placed on an
-- influence and interest grid of 1 to 5 each.
CREATE TABLE desk_stakeholder (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    role_title TEXT NOT NULL DEFAULT '',
    influence INTEGER NOT NULL CHECK (influence BETWEEN 1 AND 5),
    interest INTEGER NOT NULL CHECK (interest BETWEEN 1 AND 5),
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX desk_stakeholder_pcn ON desk_stakeholder (pcn_code, name);

-- Every ask of the clinical director, the decision and the outcome.
CREATE TABLE desk_request (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    received TEXT NOT NULL,
    requester TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    stakeholder_id INTEGER REFERENCES desk_stakeholder (id),
    what TEXT NOT NULL,
    due TEXT,
    est_minutes INTEGER CHECK (est_minutes IS NULL OR est_minutes BETWEEN 0 AND 60000),
    within_role TEXT NOT NULL CHECK (within_role IN ('yes', 'no', 'unclear')),
    performance_management INTEGER NOT NULL DEFAULT 0 CHECK (performance_management IN (0, 1)),
    decision TEXT NOT NULL CHECK (decision IN ('pending', 'accept', 'delegate', 'decline')),
    decided TEXT,
    delegate_to TEXT NOT NULL DEFAULT '',
    decline_reason TEXT NOT NULL DEFAULT '',
    decline_note TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX desk_request_pcn ON desk_request (pcn_code, received);

-- The time log.  uid is a calendar event's UID when it came from one.
CREATE TABLE desk_activity (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    activity_date TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    category TEXT NOT NULL,
    meeting INTEGER NOT NULL DEFAULT 1 CHECK (meeting IN (0, 1)),
    title TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    uid TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_activity_pcn ON desk_activity (pcn_code, activity_date);

-- An activity's stakeholders and requests.
CREATE TABLE desk_activity_link (
    activity_id INTEGER NOT NULL REFERENCES desk_activity (id) ON DELETE CASCADE,
    stakeholder_id INTEGER REFERENCES desk_stakeholder (id),
    request_id INTEGER REFERENCES desk_request (id),
    CHECK ((stakeholder_id IS NULL) <> (request_id IS NULL))
);
CREATE INDEX desk_activity_link_activity ON desk_activity_link (activity_id);

-- The PCN's responsibilities and who leads each, over time: from a date,
-- the named lead and the share (per cent) the clinical director still holds.
CREATE TABLE desk_responsibility (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    area TEXT NOT NULL,
    role_code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (pcn_code, area, role_code, title)
);

CREATE TABLE desk_delegation (
    responsibility_id INTEGER NOT NULL REFERENCES desk_responsibility (id),
    valid_from TEXT NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    lead_role TEXT NOT NULL DEFAULT '',
    cd_share INTEGER NOT NULL CHECK (cd_share BETWEEN 0 AND 100),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (responsibility_id, valid_from)
) WITHOUT ROWID;

-- The engagement log, with follow-ups.
CREATE TABLE desk_engagement (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    eng_date TEXT NOT NULL,
    stakeholder_id INTEGER NOT NULL REFERENCES desk_stakeholder (id),
    purpose TEXT NOT NULL,
    asks TEXT NOT NULL DEFAULT '',
    commitments TEXT NOT NULL DEFAULT '',
    follow_up_due TEXT,
    follow_up_done TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_engagement_pcn ON desk_engagement (pcn_code, follow_up_due);

-- Supervision of ARRS staff (arrs_staff, 004_arrs.sql): sessions logged,
-- training hub courses attended, and the PCN's own minimum per role (or '*'
-- for every role), which takes the place of rules/YEAR/supervision.csv.
CREATE TABLE desk_supervision (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    staff_id INTEGER NOT NULL REFERENCES arrs_staff (id),
    session_date TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 1440),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_supervision_staff ON desk_supervision (staff_id, session_date);

CREATE TABLE desk_training (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    staff_id INTEGER NOT NULL REFERENCES arrs_staff (id),
    attended TEXT NOT NULL,
    course TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 14400),
    created_at INTEGER NOT NULL
);
CREATE INDEX desk_training_staff ON desk_training (staff_id, attended);

CREATE TABLE desk_supervision_policy (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    role_code TEXT NOT NULL,
    max_days INTEGER NOT NULL CHECK (max_days BETWEEN 1 AND 366),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, role_code)
) WITHOUT ROWID;
