import epcn tests/data/epcn/epcn-sample-core-partner-details.csv --json
