caip U10002 --year 2025/26 --json
