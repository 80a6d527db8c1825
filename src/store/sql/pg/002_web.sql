-- Each store's own part of migration 002 (002_web.sql, run before it, is the
-- part both share): what SQLite and PostgreSQL write differently.

-- session_user is a keyword here, so the index is session_user_id (SQLite's
-- is session_user).
CREATE INDEX session_user_id ON session (user_id);

-- An integrity-constraint error (SQLSTATE 23000), as SQLite's RAISE(ABORT)
-- in a trigger is a constraint failure: PCN_ECONFLICT on both.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- A counter bumped by every change to the data the pages show, so that
-- cached pages can tell they are stale.
CREATE TABLE data_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
