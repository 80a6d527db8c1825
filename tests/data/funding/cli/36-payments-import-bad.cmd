import nhs-payments tests/data/funding/nhs-payments-bad-2024-25.csv
exit 1
