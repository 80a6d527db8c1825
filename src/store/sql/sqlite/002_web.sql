-- Accounts, sessions, API tokens and the audit log of the web application.
-- Times are seconds since 1970 (UTC) as integers.

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,            -- stored lower case
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'icb', 'pcn-manager', 'clinical-director', 'practice')),
    org_code TEXT,                         -- ODS code the role is scoped to; NULL for admin
    password_hash TEXT NOT NULL,           -- libsodium crypto_pwhash_str (Argon2id)
    created_at INTEGER NOT NULL,
    last_login_at INTEGER,
    disabled INTEGER NOT NULL DEFAULT 0,
    CHECK (role = 'admin' OR org_code IS NOT NULL)
);

-- Only a keyed hash of each session token is kept: a copy of the store does
-- not let anyone sign in.
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip TEXT
) WITHOUT ROWID;
CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    label TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);

-- Failed sign-ins, for throttling by account and by address.
CREATE TABLE login_failure (
    email TEXT NOT NULL,
    ip TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failure_email ON login_failure (email, at);
CREATE INDEX login_failure_ip ON login_failure (ip, at);

-- The audit log: append-only (the triggers refuse UPDATE and DELETE) and
-- tamper-evident (each row carries a hash over its content and the previous
-- row's hash, so an edit made behind the program's back breaks the chain).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user_id INTEGER,
    user_email TEXT,
    role TEXT,
    org_code TEXT,
    ip TEXT,
    action TEXT NOT NULL,                  -- 'sign-in', 'sign-in-failed', 'import', 'denied', ...
    target_kind TEXT,
    target_code TEXT,
    detail TEXT,                           -- JSON: before and after, file names, counts
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);

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
