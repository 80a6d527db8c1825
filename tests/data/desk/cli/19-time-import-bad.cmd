time import U10001 tests/data/desk/bad.ics
exit 1
