import populations tests/data/funding/populations-bad.csv
exit 1
