time import U10001 tests/data/desk/outlook-weekly.ics --from 2026-10-01 --to 2026-11-30
