time import U10001 tests/data/desk/good.ics --from 2026-11-17 --to 2026-11-18 --save
