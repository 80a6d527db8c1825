import nhs-payments tests/data/funding/nhs-payments-gp-practice-2024-25.csv
