import cqc tests/data/epcn/epcn-2025-01.xlsx
exit 1
