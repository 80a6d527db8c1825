-- Indexes for the national and ICB-wide reads (issue 13): the versions of
-- an organisation's children by parent (an ICB's sub-ICB locations and their
-- PCNs), and a list-size publication's totals by date, so one ICB's page
-- reads its own rows instead of every version in England.
CREATE INDEX org_version_parent ON org_version (parent_code, valid_from);
CREATE INDEX list_size_date_total ON list_size (list_date, practice_code, total);
