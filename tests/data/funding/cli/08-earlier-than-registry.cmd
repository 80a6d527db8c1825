entitlements U20001 --year 2023/24 --explain
