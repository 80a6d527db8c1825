-- Demo data: what `pcnops demo load PCN` made (demo.h), so that the pages
-- mark it as made up for the demonstration and a second load changes
-- nothing.  demo_load: one row per PCN loaded; demo_record: each record the
-- loader wrote, by kind and the id in its own table (a post's claims are
-- demo data with their post).  Portable SQL: SQLite and PostgreSQL.
CREATE TABLE demo_load (
    pcn_code TEXT PRIMARY KEY,
    loaded_on TEXT NOT NULL,         -- the day the loader took as today (YYYY-MM-DD)
    loaded_at BIGINT NOT NULL        -- seconds since 1970
);
CREATE TABLE demo_record (
    kind TEXT NOT NULL CHECK (kind IN ('staff', 'activity', 'request', 'stakeholder',
                                       'engagement', 'session')),
    record_id BIGINT NOT NULL,
    pcn_code TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
);
CREATE INDEX demo_record_pcn ON demo_record (pcn_code, kind);
