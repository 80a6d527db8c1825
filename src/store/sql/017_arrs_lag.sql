-- When the ICB pays a PCN's ARRS claims: the PCN's own setting of the months
-- from the month claimed to the month paid, for the cash-flow view
-- (cashview.h).  Without a row, the lag is the one seen in the PCN's paid
-- claims, else the rules' payment schedule.  Each change is audited with
-- its before and after in the same transaction.  Portable SQL.
CREATE TABLE arrs_lag (
    pcn_code TEXT NOT NULL PRIMARY KEY,
    lag_months BIGINT NOT NULL CHECK (lag_months >= 0 AND lag_months <= 12),
    note TEXT NOT NULL,              -- why: 'ICB finance email, 3 November 2026'
    set_at BIGINT NOT NULL           -- when (seconds since 1970)
);
