-- The CAIP share achieved as an exact fraction (issue 14): one of two
-- criteria weighted 1 and 2 is 1/3 of the maximum, not 33.33%.  A share
-- entered as a per cent is that per cent over 10,000; achieved_bp stays,
-- rounded, for display.
ALTER TABLE caip_achievement ADD COLUMN share_num BIGINT;
ALTER TABLE caip_achievement ADD COLUMN share_den BIGINT;
UPDATE caip_achievement SET share_num = achieved_bp, share_den = 10000;
