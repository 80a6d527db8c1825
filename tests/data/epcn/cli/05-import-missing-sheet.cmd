import epcn tests/data/epcn/missing-sheet.xlsx
exit 1
