import cqc tests/data/epcn/cqc-latest-ratings-sample.ods
