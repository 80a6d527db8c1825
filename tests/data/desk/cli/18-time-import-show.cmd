time import U10001 tests/data/desk/good.ics
