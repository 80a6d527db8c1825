import populations tests/data/funding/populations.csv
