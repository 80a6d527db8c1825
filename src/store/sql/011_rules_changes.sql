-- Rules files changed on the web (an admin's upload or row edit), kept in the
-- store so that every app server on one store applies them to its own rules
-- folder (rulestore.h): seq numbers the changes in the order they were made;
-- fy is the year's first calendar year (2026 for 2026/27), 0 for sources.csv.
-- Portable SQL: SQLite and PostgreSQL.
CREATE TABLE rules_change (
    seq BIGINT NOT NULL PRIMARY KEY,
    fy BIGINT NOT NULL,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    replaces_sha256 TEXT,            -- the file it replaced, on the server that took it; NULL: new
    changed_at BIGINT NOT NULL,      -- seconds since 1970, UTC
    changed_by TEXT NOT NULL
);
CREATE INDEX rules_change_file ON rules_change (fy, name, seq);
