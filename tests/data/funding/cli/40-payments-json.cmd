payments U20001 --year 2024-25 --json
