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

-- The audit log: append-only (each store's triggers, in sqlite/ and pg/,
-- refuse UPDATE and DELETE) and tamper-evident (each row carries a hash over
-- its content and the previous row's hash, so an edit made behind the
-- program's back breaks the chain).
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
