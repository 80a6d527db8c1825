-- One-time links to set a new password, made by an administrator for an
-- account (auth.h: auth_reset_create).  Only a hash of the link's token is
-- kept, as for sessions; a link works once, until expires_at (a day after
-- it is made), and making a new one for the account ends the old ones.
-- Times are seconds since 1970 (UTC).
CREATE TABLE password_reset (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    created_by TEXT NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX password_reset_user ON password_reset (user_id);
