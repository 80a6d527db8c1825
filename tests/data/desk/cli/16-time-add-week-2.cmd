time add U10001 --date 2026-11-10 --hours 1:15 --category clinical_leadership
