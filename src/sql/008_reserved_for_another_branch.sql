-- Placeholder on branch nhspay only: migration 008 belongs to another branch
-- of this round (nhspay was given 010).  scripts/embed-sql wants 001, 002...
-- with no gap, so this keeps the branch building.  Delete it on merge.
SELECT 1;
