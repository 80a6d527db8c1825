-- Each store's own part of migration 002 (002_web.sql, run before it, is the
-- part both share): what SQLite and PostgreSQL write differently.

-- session_user names a function on PostgreSQL, so this index is named
-- differently there.
CREATE INDEX session_user ON session (user_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- A counter bumped by every change to the data the pages show, so that
-- cached pages can tell they are stale.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
