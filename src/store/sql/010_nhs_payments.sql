-- What NHS England actually paid: the PCN lines of NHS Payments to General
-- Practice (`pcnops import nhs-payments`), one row per payment column of the
-- file, PCN and payee.  The practice-level file puts each PCN line against
-- the PCN's nominated payee practice and PCN Participation against each
-- member practice; the PCN-level file (from 2023/24) against the PCN.
-- Money is integer pence (BIGINT); a financial year is the integer year it
-- starts in (2022 for 2022/23).  Portable SQL: SQLite and PostgreSQL.
CREATE TABLE nhs_payment (
    fy BIGINT NOT NULL,
    pcn_code TEXT NOT NULL,
    payee_code TEXT NOT NULL,        -- the practice the line stands against, or the PCN
    payee_type TEXT NOT NULL,        -- 'GP practice', 'Walk in centre'... as published; 'PCN'
    payment_column TEXT NOT NULL,    -- the file's column, as published
    stream TEXT NOT NULL,            -- rules/nhs_payments.csv
    amount_pence BIGINT NOT NULL,    -- may be negative (a recovery)
    layout TEXT NOT NULL CHECK (layout IN ('practice', 'pcn')),
    source TEXT NOT NULL,            -- the file's name
    line BIGINT NOT NULL,            -- its line in the file
    PRIMARY KEY (fy, pcn_code, payee_code, payment_column)
);
