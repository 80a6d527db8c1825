-- The network's decisions (src/network/network.h): the Network Agreement's board,
-- its member practices' representatives, meetings with an agenda,
-- decisions with each practice's vote and the result the voting rule gives
-- (src/network/vote.h), and actions with owners and due dates.  Every row belongs
-- to one PCN.  Dates are ISO 'YYYY-MM-DD' text, fractions two integers,
-- times of change seconds since 1970.  Every change is in the audit log
-- with its before and after.

-- The voting rule of the PCN's Network Agreement (one row per PCN; none:
-- one practice one vote, quorum 1/2, more than 1/2, a tie fails).
CREATE TABLE network_board (
    pcn_code TEXT NOT NULL PRIMARY KEY REFERENCES org (code),
    weight TEXT NOT NULL CHECK (weight IN ('one_each', 'list_size')),
    quorum_num INTEGER NOT NULL,
    quorum_den INTEGER NOT NULL,
    threshold_num INTEGER NOT NULL,
    threshold_den INTEGER NOT NULL,
    at_least INTEGER NOT NULL CHECK (at_least IN (0, 1)),
    tie TEXT NOT NULL CHECK (tie IN ('fails', 'chair')),
    updated_at INTEGER NOT NULL,
    CHECK (quorum_den BETWEEN 1 AND 1000 AND quorum_num BETWEEN 0 AND quorum_den),
    CHECK (threshold_den BETWEEN 1 AND 1000 AND threshold_num BETWEEN 1 AND threshold_den)
) WITHOUT ROWID;

-- Each member practice's representative on the board.
CREATE TABLE network_rep (
    pcn_code TEXT NOT NULL REFERENCES org (code),
    practice_code TEXT NOT NULL REFERENCES org (code),
    name TEXT NOT NULL,
    role_title TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (pcn_code, practice_code)
) WITHOUT ROWID;

-- Meetings of the board (area 'board') and of the neighbourhood team
-- (area 'neighbourhood', nbhd.h), each with its actions.
CREATE TABLE network_meeting (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    area TEXT NOT NULL CHECK (area IN ('board', 'neighbourhood')),
    meeting_date TEXT NOT NULL,
    title TEXT NOT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX network_meeting_pcn ON network_meeting (pcn_code, meeting_date);

-- A decision put to the member practices, with the voting rule as it stood
-- when it was made and the result as last counted.
CREATE TABLE network_decision (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    meeting_id INTEGER NOT NULL REFERENCES network_meeting (id),
    title TEXT NOT NULL,
    motion TEXT NOT NULL DEFAULT '',
    weight TEXT NOT NULL CHECK (weight IN ('one_each', 'list_size')),
    quorum_num INTEGER NOT NULL,
    quorum_den INTEGER NOT NULL,
    threshold_num INTEGER NOT NULL,
    threshold_den INTEGER NOT NULL,
    at_least INTEGER NOT NULL CHECK (at_least IN (0, 1)),
    tie TEXT NOT NULL CHECK (tie IN ('fails', 'chair')),
    casting TEXT NOT NULL DEFAULT '' CHECK (casting IN ('', 'for', 'against')),
    closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    result TEXT NOT NULL CHECK (result IN ('open', 'carried', 'not_carried', 'tied',
                                           'no_quorum', 'not_known')),
    explanation TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX network_decision_pcn ON network_decision (pcn_code, meeting_id);

-- Who may vote on a decision: the PCN's member practices on the meeting's
-- date, each with its list size then (NULL: not known); choice '' until it
-- votes.
CREATE TABLE network_vote (
    decision_id INTEGER NOT NULL REFERENCES network_decision (id),
    practice_code TEXT NOT NULL REFERENCES org (code),
    list_size INTEGER,
    choice TEXT NOT NULL DEFAULT '' CHECK (choice IN ('', 'for', 'against', 'abstain')),
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at INTEGER,
    PRIMARY KEY (decision_id, practice_code)
) WITHOUT ROWID;

CREATE TABLE network_action (
    id INTEGER PRIMARY KEY,
    pcn_code TEXT NOT NULL REFERENCES org (code),
    area TEXT NOT NULL CHECK (area IN ('board', 'neighbourhood')),
    meeting_id INTEGER REFERENCES network_meeting (id),
    what TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT NOT NULL,
    done_on TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX network_action_pcn ON network_action (pcn_code, due);
