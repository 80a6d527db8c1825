entitlements U20002 --year 2025/26 --explain
