import epcn tests/data/epcn/bad-zip.xlsx
exit 1
